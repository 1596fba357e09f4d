package dev.herald.api;

import dev.herald.testing.DatabaseAudit;
import dev.herald.testing.DeleteRaces;
import dev.herald.testing.HeraldExtension;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Deletes racing the creates and updates that name what they delete, on one node of the engine under test: the
 * loser of each race gets the reply it would get without one (404, 400 naming the parameter, 409), never a 5xx,
 * and no row is left naming a deleted one. See {@link DeleteRaces}; the two-node variant is in
 * {@code cluster.DeleteRacesMultiNodeTest}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeleteRacesTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();

    private final DeleteRaces races = new DeleteRaces(List.of(herald.http()),
            new DatabaseAudit(herald.server().db()));

    @Test
    void bindingCreatesRacingTheDeleteOfTheirServiceAnswer201Or404() throws Exception {
        races.bindingCreatesRacingTheirServicesDelete();
    }

    @Test
    void bindingCreatesRacingTheDeleteOfTheirCredentialAnswer201Or400AndTheDelete204Or409() throws Exception {
        races.bindingCreatesRacingTheirCredentialsDelete();
    }

    @Test
    void serviceWritesRacingTheDeleteOfTheirCredentialAnswer2xxOr400AndTheDelete204Or409() throws Exception {
        races.serviceWritesRacingTheirCredentialsDelete();
    }
}
