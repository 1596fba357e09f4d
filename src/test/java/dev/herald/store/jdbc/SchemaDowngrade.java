package dev.herald.store.jdbc;

import java.util.ArrayList;
import java.util.List;

/** How tests take a store back to the schema of Herald before migration V3, so that Flyway applies V3 onwards again. */
final class SchemaDowngrade {
    private SchemaDowngrade() {
    }

    /** The statements, in order: V3's tag masks and every later migration undone, and their history rows deleted. */
    static List<String> toV2(boolean sqlite) {
        List<String> all = new ArrayList<>();
        if (sqlite) {
            all.add("ALTER TABLE binding_tags DROP COLUMN tag_mask");
        } else {
            all.add("ALTER TABLE binding_tags DROP CONSTRAINT binding_tags_pkey");
            all.add("ALTER TABLE binding_tags DROP COLUMN tag_mask");
            all.add("ALTER TABLE binding_tags ADD PRIMARY KEY (service_sid, tag, date_created, binding_sid)");
        }
        all.addAll(List.of(
                "DROP INDEX services_by_apn_credential", // V4
                "DROP INDEX services_by_gcm_credential",
                "DROP INDEX services_by_fcm_credential",
                "DROP TABLE deliveries", // V5 (and V11's columns of it, V12's key)
                "DROP TABLE notifications",
                "DROP TABLE idempotency_tokens", // V6
                "DROP INDEX services_by_messenger_credential", // V7
                "ALTER TABLE services DROP COLUMN facebook_messenger_credential_sid",
                "ALTER TABLE accounts DROP COLUMN auth_token_sealed", // V8
                "DROP TABLE callbacks", // V9
                "DROP TABLE api_keys", // V10
                "DELETE FROM flyway_schema_history WHERE version IN ('3', '4', '5', '6', '7', '8', '9', '10', '11', "
                        + "'12')"));
        return all;
    }
}
