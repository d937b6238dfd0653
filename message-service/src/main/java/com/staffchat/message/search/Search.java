package com.staffchat.message.search;

import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import com.staffchat.support.validation.TextRule;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Full-text search over the messages the caller can see: the conversations they are a participant of
 * now (so nothing from a conversation they left or were removed from), from their
 * {@code visible_from_seq} on (nothing from before they joined a group that hides its history), by the
 * current text (an edit is found by its new words, a deleted message never). Two statements: PostgreSQL
 * parses the words ({@code websearch_to_tsquery}: quotes, {@code or}, {@code -}), then one query finds,
 * ranks and highlights a page.
 */
@Service
public class Search {

    /** The longest {@code q}, in characters (code points). */
    static final int MAX_QUERY = 500;

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final SearchRepository repository;

    Search(SearchRepository repository) {
        this.repository = repository;
    }

    /** The parameters as the client sent them. */
    record Request(
            String q,
            Long conversationId,
            Long senderId,
            String from,
            String to,
            Boolean hasAttachment,
            String cursor,
            Integer limit,
            String sort) {}

    /** A page of hits in the order asked for; {@code nextCursor} (null on the last page) fetches the next. */
    public record Page(List<SearchHit> results, String nextCursor) {}

    Mono<Page> search(StaffPrincipal caller, Request request) {
        String q = request.q() == null ? "" : request.q().strip();
        if (q.isEmpty()) {
            return Mono.error(DomainException.invalid("q: nothing to search for (give a word)"));
        }
        if (TextRule.codePoints(q) > MAX_QUERY) {
            return Mono.error(DomainException.invalid("q: at most " + MAX_QUERY + " characters"));
        }
        if (request.conversationId() != null && request.conversationId() < 1) {
            return Mono.error(
                    DomainException.invalid("conversationId: must be a conversation id (a positive integer)"));
        }
        if (request.senderId() != null && request.senderId() < 1) {
            return Mono.error(DomainException.invalid("senderId: must be a staff id (a positive integer)"));
        }
        int limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(DomainException.invalid("limit: from 1 to " + MAX_LIMIT));
        }
        SearchRepository.Sort sort;
        if (request.sort() == null || request.sort().equals("recent")) {
            sort = SearchRepository.Sort.RECENT;
        } else if (request.sort().equals("relevance")) {
            sort = SearchRepository.Sort.RELEVANCE;
        } else {
            return Mono.error(DomainException.invalid("sort: recent (the default) or relevance"));
        }
        Instant from;
        Instant to;
        try {
            from = instant("from", request.from());
            to = instant("to", request.to());
        } catch (DomainException e) {
            return Mono.error(e);
        }
        if (from != null && to != null && from.isAfter(to)) {
            return Mono.error(DomainException.invalid("from: must not be after to"));
        }
        long fingerprint = SearchCursor.fingerprint(
                q,
                String.valueOf(request.conversationId()),
                String.valueOf(request.senderId()),
                String.valueOf(from),
                String.valueOf(to),
                String.valueOf(request.hasAttachment()),
                sort.name());
        SearchCursor after;
        try {
            after = request.cursor() == null ? null : SearchCursor.decode(request.cursor(), fingerprint);
        } catch (DomainException e) {
            return Mono.error(e);
        }
        var filters = new SearchRepository.Filters(
                request.conversationId(), request.senderId(), from, to, request.hasAttachment());
        return repository.parse(q).flatMap(parsed -> {
            if (!parsed.searchable()) {
                return Mono.error(DomainException.invalid(
                        "q: nothing to search for (only operators, punctuation or excluded words)"));
            }
            String tsquery = SearchQuery.withPrefixes(parsed.text());
            return repository
                    .search(caller.hotel(), caller.staffId(), tsquery, filters, sort, after, limit + 1)
                    .collectList()
                    .map(rows -> {
                        boolean more = rows.size() > limit;
                        List<SearchRepository.Row> shown = more ? rows.subList(0, limit) : rows;
                        String next = null;
                        if (more) {
                            SearchRepository.Row last = shown.get(shown.size() - 1);
                            next = new SearchCursor(last.rank(), last.hit().messageId(), fingerprint).encode();
                        }
                        return new Page(
                                shown.stream().map(SearchRepository.Row::hit).toList(), next);
                    });
        });
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw DomainException.invalid(name + ": must be an ISO-8601 instant such as 2026-11-24T08:00:00Z");
        }
    }
}
