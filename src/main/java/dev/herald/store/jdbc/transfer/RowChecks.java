package dev.herald.store.jdbc.transfer;

import static dev.herald.store.jdbc.transfer.ExportSource.bad;
import static dev.herald.store.jdbc.transfer.Tables.TABLES;

import dev.herald.domain.BindingType;
import dev.herald.domain.CredentialType;
import dev.herald.store.jdbc.SecretBox;
import dev.herald.store.jdbc.transfer.Tables.Row;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The checks of each imported row, in input order: values, duplicates, sealed values that must open with this
 * master key, and references, each to a row of the input or of the target. Not thread-safe.
 */
final class RowChecks {
    private final Handle h;
    private final SecretBox box;
    /** Accounts known to exist (in the input or the target). */
    private final Set<String> accounts = new HashSet<>();
    /** Account of each Credential and Service known to exist; null for those known not to. */
    private final Map<String, String> credentials = new HashMap<>();
    private final Map<String, String> services = new HashMap<>();

    RowChecks(Handle h, SecretBox box) {
        this.h = h;
        this.box = box;
    }

    /** Checks a row's values and references: every SID it names is in the input or the target. */
    void check(int t, Row row) {
        long line = row.line();
        // Until the Binding lines, these hold the input's own rows only: a second one is a duplicate.
        boolean duplicate = switch (t) {
            case 0 -> accounts.contains(row.sid());
            case 1 -> credentials.containsKey(row.sid());
            case 2 -> services.containsKey(row.sid());
            default -> false;
        };
        if (duplicate) {
            throw bad(line, TABLES.get(t).type() + " " + row.sid() + " appears twice in the input");
        }
        switch (t) {
            case 0 -> {
                if (row.get("auth_token_sealed") != null) {
                    requireOpens(row, "auth_token_sealed", "the auth token of account " + row.sid()
                            + " does not open with this master key (was it sealed with another key, or altered?)");
                }
                accounts.add(row.sid());
            }
            case 1 -> {
                requireAccount(row, row.get("account_sid"));
                String type = row.get("type");
                if (CredentialType.fromWire(type).filter(k -> k.wire().equals(type)).isEmpty()) {
                    throw bad(line, "\"credential_type\" must be apn, fcm, gcm or facebook-messenger");
                }
                requireOpens(row, "secrets", "the secrets of Credential " + row.sid()
                        + " do not open with this master key (were they sealed with another key, or altered?)");
                credentials.put(row.sid(), row.get("account_sid"));
            }
            case 2 -> {
                String account = row.get("account_sid");
                requireAccount(row, account);
                for (String column : List.of("apn_credential_sid", "gcm_credential_sid", "fcm_credential_sid",
                        "facebook_messenger_credential_sid")) {
                    requireCredential(row, row.get(column), account);
                }
                services.put(row.sid(), account);
            }
            case 3 -> {
                String service = row.get("service_sid");
                String serviceAccount = services.computeIfAbsent(service, sid -> lookUp("services", sid));
                if (serviceAccount == null) {
                    throw bad(line, "Service " + service + " is neither in the input nor in the target");
                }
                if (!serviceAccount.equals(row.get("account_sid"))) {
                    throw bad(line, "Binding " + row.sid() + " names account " + row.get("account_sid")
                            + " but its Service belongs to " + serviceAccount);
                }
                requireCredential(row, row.get("credential_sid"), serviceAccount);
                String type = row.get("binding_type");
                if (BindingType.fromWire(type).filter(k -> k.wire().equals(type)).isEmpty()) {
                    throw bad(line, "\"binding_type\" must be one of apn, gcm, sms, fcm, facebook-messenger, alexa");
                }
                if (row.get("identity").isEmpty() || row.get("address").isEmpty()) {
                    throw bad(line, "\"identity\" and \"address\" must not be empty");
                }
            }
            case 4 -> {
                requireAccount(row, row.get("account_sid"));
                if (!row.get("secret_hash").matches("[0-9a-f]{64}")) {
                    throw bad(line, "\"secret_hash\" must be 64 lowercase hex digits (a SHA-256 hash)");
                }
            }
            default -> throw new IllegalStateException("table " + t);
        }
    }

    /** Refuses the row's line, saying {@code refusal}, when its sealed {@code column} does not open. */
    private void requireOpens(Row row, String column, String refusal) {
        try {
            box.open(row.get(column), row.sid());
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw bad(row.line(), refusal);
        }
    }

    private void requireAccount(Row row, String account) {
        if (!accounts.contains(account)) {
            if (lookUp("accounts", account) == null) {
                throw bad(row.line(), "account " + account + " is neither in the input nor in the target");
            }
            accounts.add(account);
        }
    }

    private void requireCredential(Row row, String credential, String account) {
        if (credential == null) {
            return;
        }
        String owner = credentials.computeIfAbsent(credential, sid -> lookUp("credentials", sid));
        if (owner == null) {
            throw bad(row.line(), "Credential " + credential + " is neither in the input nor in the target");
        }
        if (!owner.equals(account)) {
            throw bad(row.line(), "Credential " + credential + " belongs to another account");
        }
    }

    /** The account a row of {@code table} belongs to (the SID itself for accounts), or null if none has it. */
    private String lookUp(String table, String sid) {
        String column = table.equals("accounts") ? "sid" : "account_sid";
        return h.createQuery("SELECT " + column + " FROM " + table + " WHERE sid = :sid").bind("sid", sid)
                .mapTo(String.class).findOne().orElse(null);
    }
}
