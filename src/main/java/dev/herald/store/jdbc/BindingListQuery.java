package dev.herald.store.jdbc;

import dev.herald.domain.Binding;
import dev.herald.domain.BindingFilter;
import dev.herald.domain.PageRequest;
import dev.herald.domain.Slice;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The SQL of a Binding list. Pages through the cheapest index: by identity when identities are given (at most 20
 * Bindings each), else by the sparsest tag ({@code binding_tags} carries the sort key; with several tags
 * {@link TagSparsity} picks it), else through the Service's Bindings in order. The driving tag's rows whose
 * {@link TagMask} lacks a bit of the other tags are skipped in the index; the other tags are then primary-key
 * lookups per row (which PostgreSQL may turn into a merge of two tags of like density). What the tags mean
 * ({@code all}, type names) the {@link BindingFilter} has already worked out. Thread-safe.
 */
final class BindingListQuery {
    private final Dialect dialect;
    private final TagSparsity sparsity = new TagSparsity();

    BindingListQuery(Dialect dialect) {
        this.dialect = dialect;
    }

    /** A tag filter and what {@link TagSparsity} knows of it (null when not needed). */
    private record Ranked(String tag, TagSparsity.Estimate estimate) {
    }

    Slice<Binding> run(Handle h, String accountSid, String serviceSid, BindingFilter filter, PageRequest page) {
        if (filter.none()) {
            return new Slice<>(List.of(), false);
        }
        Selection selection = select(h, accountSid, serviceSid, filter);
        Query query = h.createQuery(sql(selection, page));
        selection.bind(query);
        return Keyset.slice(Keyset.bind(query, page).map(BindingRows::map).list(), page);
    }

    /** The SQL of a page of the Bindings {@code selection} selects. */
    static String sql(Selection selection, PageRequest page) {
        return "SELECT " + BindingRows.COLUMNS + selection.fromWhere()
                + Keyset.condition(page, selection.created(), selection.sid())
                + Keyset.orderAndLimit(page, selection.created(), selection.sid());
    }

    /**
     * The Bindings {@code filter} selects, as SQL: {@code fromWhere} (" FROM … WHERE …", the Bindings' table aliased
     * {@code b}) and the columns their keyset order runs on; {@link #bind} binds its parameters to a statement.
     * {@code positionsFromWhere} selects the same keyset positions more cheaply where it can: without reading the
     * Bindings' rows when nothing but their account is checked there (the Service's rows are all the account's);
     * {@link #bindPositions} binds it. Immutable: made on one connection, it serves another (a reader's plan, the
     * writer's insert).
     */
    record Selection(String fromWhere, String positionsFromWhere, String created, String sid, String serviceSid,
                     String accountSid, List<String> tags, Long mask, String type, List<String> identities,
                     Long createdFrom, Long createdBefore) {
        <S extends SqlStatement<S>> S bind(S statement) {
            return bind(statement, true);
        }

        /** Whether the Bindings are found through one tag's rows alone ({@code t0}), nothing else of them checked. */
        boolean oneTag() {
            return created.equals("t0.date_created") && tags.size() == 1 && type == null;
        }

        <S extends SqlStatement<S>> S bindPositions(S statement) {
            return bind(statement, positionsFromWhere.equals(fromWhere));
        }

        private <S extends SqlStatement<S>> S bind(S statement, boolean account) {
            statement.bind("service", serviceSid);
            if (account) {
                statement.bind("account", accountSid);
            }
            for (int i = 0; i < tags.size(); i++) {
                statement.bind("tag" + i, tags.get(i));
            }
            if (mask != null) {
                statement.bind("mask", mask.longValue());
            }
            if (type != null) {
                statement.bind("type", type);
            }
            if (!identities.isEmpty()) {
                statement.bindList("identities", identities);
            }
            if (createdFrom != null) {
                statement.bind("from", createdFrom);
            }
            if (createdBefore != null) {
                statement.bind("before", createdBefore);
            }
            return statement;
        }
    }

    /** The SQL of the Bindings {@code filter} selects (which must not be {@link BindingFilter#none}). */
    Selection select(Handle h, String accountSid, String serviceSid, BindingFilter filter) {
        boolean byTag = !filter.tags().isEmpty() && filter.identities().isEmpty();
        List<Ranked> tags = byTag ? sparsestFirst(h, serviceSid, filter.tags())
                : filter.tags().stream().map(tag -> new Ranked(tag, null)).toList();
        StringBuilder sql = new StringBuilder(); // conditions on the driving table's rows only, then the account's
        String created = byTag ? "t0.date_created" : "b.date_created";
        String sid = byTag ? "t0.binding_sid" : "b.sid";
        if (byTag) {
            sql.append(" WHERE t0.service_sid = :service AND t0.tag = :tag0");
            if (tags.size() > 1) {
                sql.append(" AND (t0.tag_mask & :mask) = :mask"); // in the index: skips most non-matches
            }
        } else {
            sql.append(" WHERE b.service_sid = :service");
        }
        for (int i = byTag ? 1 : 0; i < tags.size(); i++) {
            String t = "t" + i;
            sql.append(" AND EXISTS (SELECT 1 FROM binding_tags ").append(t).append(" WHERE ").append(t)
                    .append(".service_sid = :service AND ").append(t).append(".tag = :tag").append(i).append(" AND ")
                    .append(t).append(".date_created = ").append(created).append(" AND ").append(t)
                    .append(".binding_sid = ").append(sid);
            // Few candidate rows: one primary-key probe each. Two tags of like density: PostgreSQL may merge
            // both ranges instead, cheaper than a probe a row.
            boolean probe = !byTag || tags.get(0).estimate().farSparserThan(tags.get(i).estimate());
            sql.append(probe ? dialect.perRowExists() : ")");
        }
        if (filter.createdFrom() != null) {
            sql.append(" AND ").append(created).append(" >= :from");
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND ").append(created).append(" < :before");
        }
        String alone = (byTag ? " FROM binding_tags t0" : " FROM bindings b") + sql;
        if (filter.type() != null) {
            sql.append(" AND b.binding_type = :type");
        }
        sql.append(" AND b.account_sid = :account");
        if (!filter.identities().isEmpty()) {
            sql.append(" AND b.identity IN (<identities>)");
        }
        String fromWhere = (byTag ? dialect.tagJoin() : " FROM bindings b") + sql;
        String positions = filter.type() == null && filter.identities().isEmpty() ? alone : fromWhere;
        Long mask = byTag && tags.size() > 1
                ? TagMask.of(tags.subList(1, tags.size()).stream().map(Ranked::tag).toList()) : null;
        return new Selection(fromWhere, positions, created, sid, serviceSid, accountSid,
                tags.stream().map(Ranked::tag).toList(), mask, filter.type() == null ? null : filter.type().wire(),
                filter.identities(), filter.createdFrom(), filter.createdBefore());
    }

    /** The tags, the sparsest first (by {@link TagSparsity}'s estimates when there are several). */
    private List<Ranked> sparsestFirst(Handle h, String serviceSid, List<String> tags) {
        List<Ranked> ranked = new ArrayList<>();
        for (String tag : tags) {
            ranked.add(new Ranked(tag, tags.size() == 1 ? null : sparsity.estimate(h, serviceSid, tag)));
        }
        if (tags.size() > 1) {
            ranked.sort(Comparator.comparingLong((Ranked r) -> r.estimate().score()).reversed());
        }
        return ranked;
    }
}
