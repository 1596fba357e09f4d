package dev.herald.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.domain.Accounts;
import dev.herald.domain.Credential;
import dev.herald.domain.CredentialSecrets;
import dev.herald.domain.CredentialType;
import dev.herald.domain.Sids;
import dev.herald.testing.TestHerald;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SecretBoxTest {
    private static byte[] key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void sealedValuesOpenOnlyWithTheSameKeyAndContext() {
        byte[] key = key();
        SecretBox box = new SecretBox(key);
        String sealed = box.seal("private key material", "CR1");
        assertThat(sealed).doesNotContain("private key material");
        assertThat(box.seal("private key material", "CR1")).as("random nonce").isNotEqualTo(sealed);
        assertThat(box.open(sealed, "CR1")).isEqualTo("private key material");
        assertThat(new SecretBox(key.clone()).open(sealed, "CR1")).isEqualTo("private key material");
        assertThatThrownBy(() -> box.open(sealed, "CR2")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new SecretBox(key()).open(sealed, "CR1")).hasMessageContaining("HERALD_MASTER_KEY");
        byte[] raw = Base64.getDecoder().decode(sealed);
        raw[raw.length - 1] ^= 1;
        String tampered = Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "CR1")).hasMessageContaining("cannot be decrypted");
        assertThatThrownBy(() -> new SecretBox(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void credentialSecretsNeverReachTheDatabaseFilesInPlaintext() throws Exception {
        Path dir = Files.createTempDirectory("herald-secrets");
        String account = Sids.next(Sids.ACCOUNT);
        String secret = "fcm-server-key-" + Sids.next("ZZ");
        String certificate = "-----BEGIN CERTIFICATE-----" + Sids.next("ZZ");
        try (Database db = Database.openSqlite(dir.resolve("herald.db"), key(), 2)) {
            db.accounts().upsert(new dev.herald.domain.Account(account, "0".repeat(64), 0));
            String sid = Sids.next(Sids.CREDENTIAL);
            db.credentials().insert(new Credential(sid, account, "name", CredentialType.APN,
                    new CredentialSecrets(certificate, null, true, null, secret), 1, 1));
            Credential read = db.credentials().find(account, sid).orElseThrow();
            assertThat(read.secrets().secret()).isEqualTo(secret);
            assertThat(read.secrets().certificate()).isEqualTo(certificate);
            assertThat(read.secrets().sandbox()).isTrue();
            assertThat(read.secrets().toString()).doesNotContain(secret);
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    byte[] bytes = Files.readAllBytes(file);
                    assertThat(contains(bytes, secret)).as(file.toString()).isFalse();
                    assertThat(contains(bytes, certificate)).as(file.toString()).isFalse();
                }
            }
        } finally {
            TestHerald.deleteTree(dir);
        }
    }

    @Test
    void authTokensAreKeptSealedAndOpenForTheirAccountOnly() throws Exception {
        Path dir = Files.createTempDirectory("herald-tokens");
        try (Database db = Database.openSqlite(dir.resolve("herald.db"), key(), 2)) {
            Accounts accounts = new Accounts(db.accounts(), Clock.systemUTC());
            Accounts.NewAccount made = accounts.create();
            String legacy = Sids.next(Sids.ACCOUNT);
            db.accounts().upsert(new dev.herald.domain.Account(legacy, "0".repeat(64), 0));

            assertThat(accounts.authToken(made.sid())).contains(made.authToken());
            assertThat(accounts.authToken(legacy)).isEmpty();
            assertThat(accounts.withoutToken()).isEqualTo(1);
            accounts.ensure(legacy, "replaced-token-" + Sids.next("ZZ"));
            assertThat(accounts.withoutToken()).isZero();
            assertThat(accounts.authenticate(legacy, accounts.authToken(legacy).orElseThrow())).isTrue();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    assertThat(contains(Files.readAllBytes(file), made.authToken())).as(file.toString()).isFalse();
                }
            }
        } finally {
            TestHerald.deleteTree(dir);
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + n.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + n.length, n, 0, n.length)) {
                return true;
            }
        }
        return false;
    }
}
