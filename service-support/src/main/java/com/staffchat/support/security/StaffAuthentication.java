package com.staffchat.support.security;

import java.util.stream.Collectors;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** A validated token, with the {@link StaffPrincipal} as principal so handlers can take it with {@code @AuthenticationPrincipal}. */
public final class StaffAuthentication extends AbstractAuthenticationToken {

    private final StaffPrincipal principal;
    private final Jwt token;

    StaffAuthentication(StaffPrincipal principal, Jwt token) {
        super(principal.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                .collect(Collectors.toList()));
        this.principal = principal;
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public StaffPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Jwt getCredentials() {
        return token;
    }
}
