package dev.herald.store.jdbc;

import dev.herald.domain.PageRequest;
import dev.herald.domain.Slice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Keyset paging over {@code (date_created, sid)}: the SQL fragments for one page, their bindings, and the
 * trimming of the one extra row that tells whether more rows follow.
 */
final class Keyset {
    private Keyset() {
    }

    /** {@code AND (created, sid) > / < (:kc, :ks)}, or nothing on a first page. */
    static String condition(PageRequest page, String createdColumn, String sidColumn) {
        if (page.after() == null && page.before() == null) {
            return "";
        }
        return " AND (" + createdColumn + ", " + sidColumn + ") " + (page.backward() ? "<" : ">") + " (:kc, :ks)";
    }

    /** The ORDER BY and LIMIT of the page: descending when reading backward, one row more than the page. */
    static String orderAndLimit(PageRequest page, String createdColumn, String sidColumn) {
        String direction = page.backward() ? " DESC" : "";
        return " ORDER BY " + createdColumn + direction + ", " + sidColumn + direction + " LIMIT :limit";
    }

    /** Binds the position and the limit of {@link #condition} and {@link #orderAndLimit}. */
    static Query bind(Query query, PageRequest page) {
        return bindPosition(query, page).bind("limit", page.size() + 1);
    }

    /** Binds the position of {@link #condition} only. */
    static <S extends SqlStatement<S>> S bindPosition(S statement, PageRequest page) {
        var position = page.backward() ? page.before() : page.after();
        if (position != null) {
            statement.bind("kc", position.dateCreated()).bind("ks", position.sid());
        }
        return statement;
    }

    static <T> Slice<T> slice(List<T> rows, PageRequest page) {
        boolean more = rows.size() > page.size();
        List<T> items = new ArrayList<>(more ? rows.subList(0, page.size()) : rows);
        if (page.backward()) {
            Collections.reverse(items);
        }
        return new Slice<>(items, more);
    }
}
