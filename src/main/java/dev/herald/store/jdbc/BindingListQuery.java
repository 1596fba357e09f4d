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
        boolean byTag = !filter.tags().isEmpty() && filter.identities().isEmpty();
        List<Ranked> tags = byTag ? sparsestFirst(h, serviceSid, filter.tags())
                : filter.tags().stream().map(tag -> new Ranked(tag, null)).toList();
        StringBuilder sql = new StringBuilder("SELECT ").append(BindingRows.COLUMNS);
        String created = byTag ? "t0.date_created" : "b.date_created";
        String sid = byTag ? "t0.binding_sid" : "b.sid";
        if (byTag) {
            sql.append(" FROM binding_tags t0 JOIN bindings b ON b.sid = t0.binding_sid"
                    + " WHERE t0.service_sid = :service AND t0.tag = :tag0");
            if (tags.size() > 1) {
                sql.append(" AND (t0.tag_mask & :mask) = :mask"); // in the index: skips most non-matches
            }
        } else {
            sql.append(" FROM bindings b WHERE b.service_sid = :service");
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
        if (filter.type() != null) {
            sql.append(" AND b.binding_type = :type");
        }
        sql.append(" AND b.account_sid = :account");
        if (!filter.identities().isEmpty()) {
            sql.append(" AND b.identity IN (<identities>)");
        }
        if (filter.createdFrom() != null) {
            sql.append(" AND ").append(created).append(" >= :from");
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND ").append(created).append(" < :before");
        }
        sql.append(Keyset.condition(page, created, sid)).append(Keyset.orderAndLimit(page, created, sid));
        Query query = h.createQuery(sql.toString()).bind("service", serviceSid).bind("account", accountSid);
        for (int i = 0; i < tags.size(); i++) {
            query.bind("tag" + i, tags.get(i).tag());
        }
        if (byTag && tags.size() > 1) {
            query.bind("mask", TagMask.of(tags.subList(1, tags.size()).stream().map(Ranked::tag).toList()));
        }
        if (filter.type() != null) {
            query.bind("type", filter.type().wire());
        }
        if (!filter.identities().isEmpty()) {
            query.bindList("identities", filter.identities());
        }
        if (filter.createdFrom() != null) {
            query.bind("from", filter.createdFrom());
        }
        if (filter.createdBefore() != null) {
            query.bind("before", filter.createdBefore());
        }
        return Keyset.slice(Keyset.bind(query, page).map(BindingRows::map).list(), page);
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
