package com.staffchat.support.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import reactor.core.publisher.Mono;

/**
 * Turns a signature-checked JWT into the caller: {@code sub} is the numeric staff id, {@code hotel}
 * the tenant slug, {@code roles} a list of role names. A token without them is refused (401).
 */
final class StaffTokenConverter implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

    /** Hotel slugs: lower-case letters, digits and dashes; they become part of Pusher channel names. */
    static final Pattern HOTEL_SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    @Override
    public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
        long staffId;
        try {
            staffId = Long.parseLong(jwt.getSubject());
        } catch (NumberFormatException | NullPointerException e) {
            return Mono.error(new InvalidBearerTokenException("the token's 'sub' must be the numeric staff id"));
        }
        if (staffId <= 0) {
            return Mono.error(new InvalidBearerTokenException("the token's 'sub' must be a positive staff id"));
        }
        String hotel = jwt.getClaimAsString("hotel");
        if (hotel == null || !HOTEL_SLUG.matcher(hotel).matches()) {
            return Mono.error(new InvalidBearerTokenException("the token needs a 'hotel' claim with the hotel's slug"));
        }
        return Mono.just(new StaffAuthentication(new StaffPrincipal(staffId, hotel, roles(jwt)), jwt));
    }

    private static Set<String> roles(Jwt jwt) {
        Object claim = jwt.getClaims().get("roles");
        Set<String> roles = new LinkedHashSet<>();
        if (claim instanceof Collection<?> list) {
            list.forEach(r -> roles.add(String.valueOf(r).toLowerCase()));
        } else if (claim instanceof String s) {
            List.of(s.split("[ ,]+")).stream().filter(r -> !r.isBlank()).forEach(r -> roles.add(r.toLowerCase()));
        }
        return roles;
    }
}
