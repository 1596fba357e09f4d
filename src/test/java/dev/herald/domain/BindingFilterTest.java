package dev.herald.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Notify's tag rules as {@link BindingFilter#of} classifies them, and {@link BindingFilter#matches} applies them. */
@Timeout(60)
class BindingFilterTest {
    private static final long T = 1_700_000_000L;

    private static BindingFilter tags(String... tags) {
        return BindingFilter.of(List.of(), List.of(tags), null, null);
    }

    private static Binding binding(BindingType type, String identity, List<String> tags, long created) {
        return new Binding(Sids.next(Sids.BINDING), Sids.next(Sids.ACCOUNT), Sids.next(Sids.SERVICE), null,
                identity, type, "address-" + identity, tags, null, null, created, created);
    }

    private static Binding binding(BindingType type, String... tags) {
        return binding(type, "alice", List.of(tags), T);
    }

    @Test
    void noTagsSelectEveryBinding() {
        BindingFilter f = tags();
        assertThat(f.none()).isFalse();
        assertThat(f.type()).isNull();
        assertThat(f.tags()).isEmpty();
        for (BindingType type : BindingType.values()) {
            assertThat(f.matches(binding(type))).as(type.wire()).isTrue();
        }
    }

    @Test
    void allMatchesEveryBindingAndIsNotAnExplicitTag() {
        BindingFilter f = tags("all");
        assertThat(f.tags()).isEmpty();
        assertThat(f.type()).isNull();
        assertThat(f.none()).isFalse();
        for (BindingType type : BindingType.values()) {
            assertThat(f.matches(binding(type))).as(type.wire()).isTrue();
            assertThat(f.matches(binding(type, "vip"))).as(type.wire()).isTrue();
        }
    }

    @Test
    void eachLowercaseTypeNameImpliesItsType() {
        List<BindingType> implied = List.of(BindingType.APN, BindingType.GCM, BindingType.SMS, BindingType.FCM,
                BindingType.FACEBOOK_MESSENGER);
        for (BindingType type : implied) {
            BindingFilter f = tags(type.wire());
            assertThat(f.type()).as(type.wire()).isEqualTo(type);
            assertThat(f.tags()).as(type.wire()).isEmpty();
            assertThat(f.none()).isFalse();
            for (BindingType other : BindingType.values()) {
                assertThat(f.matches(binding(other))).as(type.wire() + " vs " + other.wire()).isEqualTo(other == type);
            }
        }
        assertThat(tags("facebook-messenger").type()).isEqualTo(BindingType.FACEBOOK_MESSENGER);
    }

    @Test
    void aTypeNameIsNotMatchedByAnExplicitTagOfThatName() {
        // A gcm Binding that carries "apn" as its own tag is still not an apn Binding.
        assertThat(tags("apn").matches(binding(BindingType.GCM, "apn"))).isFalse();
    }

    @Test
    void alexaIsAnOrdinaryExplicitTag() {
        BindingFilter f = tags("alexa");
        assertThat(f.type()).isNull();
        assertThat(f.tags()).containsExactly("alexa");
        assertThat(f.matches(binding(BindingType.ALEXA))).isFalse();
        assertThat(f.matches(binding(BindingType.ALEXA, "alexa"))).isTrue();
        assertThat(f.matches(binding(BindingType.SMS, "alexa"))).isTrue();
    }

    @Test
    void typeNamesInOtherCaseAreExplicitTags() {
        BindingFilter f = tags("APN", "Sms");
        assertThat(f.type()).isNull();
        assertThat(f.none()).isFalse();
        assertThat(f.tags()).containsExactly("APN", "Sms");
        assertThat(f.matches(binding(BindingType.APN))).isFalse();
        assertThat(f.matches(binding(BindingType.GCM, "Sms", "APN"))).isTrue();
    }

    @Test
    void twoDifferentTypeNamesMatchNothing() {
        BindingFilter f = tags("apn", "gcm");
        assertThat(f.none()).isTrue();
        for (BindingType type : BindingType.values()) {
            assertThat(f.matches(binding(type))).isFalse();
            assertThat(f.matches(binding(type, "apn", "gcm"))).isFalse();
        }
        assertThat(tags("sms", "vip", "fcm").none()).isTrue();
        assertThat(tags("all", "apn", "all", "apn").none()).isFalse();
    }

    @Test
    void duplicatesCountOnce() {
        BindingFilter f = tags("vip", "sms", "vip", "sms");
        assertThat(f.none()).isFalse();
        assertThat(f.type()).isEqualTo(BindingType.SMS);
        assertThat(f.tags()).containsExactly("vip");
        assertThat(f.matches(binding(BindingType.SMS, "vip"))).isTrue();
    }

    @Test
    void explicitTagsMustAllBeCarried() {
        BindingFilter f = tags("vip", "beta", "apn");
        assertThat(f.tags()).containsExactly("vip", "beta");
        assertThat(f.matches(binding(BindingType.APN, "beta", "x", "vip"))).isTrue();
        assertThat(f.matches(binding(BindingType.APN, "vip"))).isFalse();
        assertThat(f.matches(binding(BindingType.APN, "VIP", "beta"))).as("tags are case-sensitive").isFalse();
        assertThat(f.matches(binding(BindingType.FCM, "vip", "beta"))).isFalse();
    }

    @Test
    void atMostFiveTags() {
        assertThat(tags("a", "b", "c", "d", "e").tags()).hasSize(5);
        assertThatThrownBy(() -> tags("a", "b", "c", "d", "e", "f"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("Tag");
                    assertThat(e.isMissing()).isFalse();
                });
    }

    @Test
    void atMostTwentyIdentities() {
        List<String> twenty = IntStream.range(0, 20).mapToObj(i -> "user" + i).toList();
        assertThat(BindingFilter.of(twenty, List.of(), null, null).identities()).hasSize(20);
        List<String> twentyOne = IntStream.range(0, 21).mapToObj(i -> "user" + i).toList();
        assertThatThrownBy(() -> BindingFilter.of(twentyOne, List.of(), null, null))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> {
                    assertThat(e.parameter()).isEqualTo("Identity");
                    assertThat(e.isMissing()).isFalse();
                });
    }

    @Test
    void identitiesSelectTheirBindingsOnly() {
        BindingFilter f = BindingFilter.of(List.of("alice", "bob"), List.of(), null, null);
        assertThat(f.matches(binding(BindingType.SMS, "alice", List.of(), T))).isTrue();
        assertThat(f.matches(binding(BindingType.SMS, "bob", List.of(), T))).isTrue();
        assertThat(f.matches(binding(BindingType.SMS, "carol", List.of(), T))).isFalse();
        assertThat(f.matches(binding(BindingType.SMS, "Alice", List.of(), T))).isFalse();
    }

    @Test
    void createdFromIsInclusiveAndCreatedBeforeExclusive() {
        BindingFilter f = BindingFilter.of(List.of(), List.of(), T, T + 10);
        assertThat(f.matches(binding(BindingType.SMS, "a", List.of(), T - 1))).isFalse();
        assertThat(f.matches(binding(BindingType.SMS, "a", List.of(), T))).isTrue();
        assertThat(f.matches(binding(BindingType.SMS, "a", List.of(), T + 9))).isTrue();
        assertThat(f.matches(binding(BindingType.SMS, "a", List.of(), T + 10))).isFalse();

        BindingFilter from = BindingFilter.of(List.of(), List.of(), T, null);
        assertThat(from.matches(binding(BindingType.SMS, "a", List.of(), Long.MAX_VALUE))).isTrue();
        assertThat(from.matches(binding(BindingType.SMS, "a", List.of(), T - 1))).isFalse();
        BindingFilter before = BindingFilter.of(List.of(), List.of(), null, T);
        assertThat(before.matches(binding(BindingType.SMS, "a", List.of(), 0))).isTrue();
        assertThat(before.matches(binding(BindingType.SMS, "a", List.of(), T))).isFalse();
        assertThat(BindingFilter.of(List.of(), List.of(), T, T).matches(binding(BindingType.SMS, "a", List.of(), T)))
                .as("an empty range").isFalse();
    }

    @Test
    void everyConditionMustHold() {
        BindingFilter f = BindingFilter.of(List.of("alice"), List.of("fcm", "vip"), T, T + 1);
        assertThat(f.matches(binding(BindingType.FCM, "alice", List.of("vip"), T))).isTrue();
        assertThat(f.matches(binding(BindingType.FCM, "bob", List.of("vip"), T))).isFalse();
        assertThat(f.matches(binding(BindingType.GCM, "alice", List.of("vip"), T))).isFalse();
        assertThat(f.matches(binding(BindingType.FCM, "alice", List.of(), T))).isFalse();
        assertThat(f.matches(binding(BindingType.FCM, "alice", List.of("vip"), T + 1))).isFalse();
    }

    @Test
    void aFilterIsImmutable() {
        List<String> identities = new ArrayList<>(List.of("alice"));
        List<String> tags = new ArrayList<>(List.of("vip"));
        BindingFilter f = BindingFilter.of(identities, tags, null, null);
        identities.add("bob");
        tags.add("beta");
        assertThat(f.identities()).containsExactly("alice");
        assertThat(f.tags()).containsExactly("vip");
        assertThatThrownBy(() -> f.tags().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }
}
