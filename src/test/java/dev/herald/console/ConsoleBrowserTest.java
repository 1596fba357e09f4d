package dev.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.testing.Fixtures;
import dev.herald.testing.HeraldExtension;
import dev.herald.testing.RawHttp;
import dev.herald.testing.TestSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser against a Herald on loopback in sandbox mode: real clicks, real API calls. One
 * chromium serves the whole class; each test signs in afresh. With {@code -Dconsole.screenshots=docs/console} the
 * tests also save the screenshots the README shows.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {
    @RegisterExtension
    static final HeraldExtension herald = HeraldExtension.start();
    private static Browser browser;
    private final RawHttp http = herald.http();
    private final Fixtures fixture = herald.fixture();

    @BeforeAll
    static void startBrowser() {
        Browser.assumeInstalled();
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void noScriptErrorsNorPolicyRefusals() {
        assertThat(browser.errors()).isEmpty();
    }

    private String console() {
        return herald.baseUrl() + "/console/";
    }

    /** Signs in as the server's account and opens {@code route} ("/services/IS…/bindings"). */
    private void signInAt(String route) {
        browser.openFresh(console() + "#" + route);
        browser.fill("Account SID", herald.accountSid());
        browser.fill("Auth token", herald.authToken());
        browser.click("Sign in");
        browser.await("signed in", d -> d.findElement(By.id("who")).getText().contains(herald.accountSid()));
    }

    @Test
    void aWrongTokenIsRefusedWithTheConsolesOwnMessageAndTheRightOneSignsIn() {
        browser.openFresh(console());
        browser.awaitHeading("Sign in");
        browser.screenshot("sign-in", 1000, 560);
        browser.fill("Account SID", herald.accountSid());
        browser.fill("Auth token", "not-the-token");
        browser.click("Sign in");
        WebElement alert = browser.await("the error", d -> d.findElements(By.cssSelector("[role=alert]")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(alert.getText()).isEqualTo("Sign-in failed: the SID or the token is wrong.");
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();

        // by keyboard only: the token field has the focus after the failure; Enter submits
        WebElement token = browser.control("Auth token");
        assertThat(browser.driver().switchTo().activeElement()).isEqualTo(token);
        token.sendKeys(herald.authToken(), Keys.ENTER);
        browser.awaitHeading("Services");
        assertThat(browser.driver().findElement(By.id("who")).getText()).contains(herald.accountSid());
        assertThat((String) browser.driver()
                .executeScript("return sessionStorage.getItem('herald.console.credentials')"))
                .contains(herald.authToken());

        browser.click("Sign out");
        browser.awaitHeading("Sign in");
        assertThat((Object) browser.driver().executeScript("return sessionStorage.length")).isEqualTo(0L);
    }

    @Test
    void anApiKeySignsInToo() {
        var key = http.post("/2010-04-01/Accounts/" + herald.accountSid() + "/Keys.json", "FriendlyName=console").json();
        browser.openFresh(console());
        browser.fill("Account SID", key.get("sid").asText());
        browser.fill("Auth token", key.get("secret").asText());
        browser.click("Sign in");
        browser.awaitHeading("Services");
        assertThat(browser.driver().findElement(By.id("who")).getText()).contains(key.get("sid").asText());
    }

    @Test
    void servicesListAndBindingsFilteredByTagArePaged() {
        String fcm = fixture.credentialWith("Type", "fcm", "FriendlyName", "Android app",
                "Secret", TestSecrets.serviceAccount("console-test"));
        String service = fixture.serviceWith("FriendlyName", "Browse test", "FcmCredentialSid", fcm);
        for (int i = 0; i < 12; i++) {
            fixture.binding(service, "user-" + (char) ('a' + i), "fcm", "token-" + i, "vip", "news");
        }
        for (int i = 0; i < 3; i++) {
            fixture.binding(service, "other-" + i, "fcm", "other-token-" + i, "news");
        }
        signInAt("/services");
        WebElement row = browser.await("the Service's row", d -> d.findElements(By.xpath(
                "//tr[td[normalize-space()='" + service + "']]")).stream().findFirst().orElse(null));
        browser.await("its Binding count", d -> row.findElements(By.tagName("td")).get(4).getText().equals("15"));
        assertThat(row.findElements(By.tagName("td")).get(0).getText()).isEqualTo("Browse test");
        assertThat(row.findElements(By.tagName("td")).get(3).getText()).isEqualTo("fcm");
        browser.screenshot("services", 1280, 560);

        browser.click("Browse test");
        browser.awaitHeading("Browse test");
        browser.awaitText("Android app (fcm, " + fcm + ")");
        browser.click("Bindings");
        browser.awaitHeading("Bindings");
        assertThat(browser.rows("Bindings")).hasSize(15);
        browser.fill("Tag", "vip");
        browser.choose("Per page", "10");
        browser.click("Filter");
        browser.await("the first page of vip", d -> browser.rows("Bindings").size() == 10);
        List<List<String>> first = browser.rows("Bindings");
        assertThat(first).allSatisfy(r -> assertThat(r.subList(1, 4)).containsExactly("fcm",
                "token-" + (r.get(0).charAt(5) - 'a'), "vip, news"));
        browser.screenshot("bindings", 1280, 720);
        browser.click("Next page");
        browser.await("the second page", d -> browser.rows("Bindings, page 2").size() == 2);
        List<String> identities = new ArrayList<>(first.stream().map(r -> r.get(0)).toList());
        identities.addAll(browser.rows("Bindings").stream().map(r -> r.get(0)).toList());
        assertThat(identities).containsExactlyInAnyOrder("user-a", "user-b", "user-c", "user-d", "user-e", "user-f",
                "user-g", "user-h", "user-i", "user-j", "user-k", "user-l");
        assertThat(browser.driver().findElements(By.xpath("//button[normalize-space()='Next page']"))).isEmpty();
        browser.click("Previous page");
        browser.await("the first page again", d -> browser.rows("Bindings, page 1").size() == 10);

        browser.fill("Tag", "vip, news");
        browser.fill("Identity", "user-b, other-1");
        browser.click("Filter");
        browser.await("all of the tags, any of the identities", d -> browser.rows("Bindings").size() == 1);
        assertThat(browser.rows("Bindings").get(0).get(0)).isEqualTo("user-b");
    }

    @Test
    void aBindingIsDeletedAfterConfirmation() {
        String service = fixture.service("Delete test");
        String keep = fixture.binding(service, "keeper", "apn", "apn-token-keep");
        String doomed = fixture.binding(service, "leaver", "sms", "+15555550123", "gone");
        signInAt("/services/" + service + "/bindings");
        browser.click("leaver");
        browser.awaitHeading("Binding leaver");
        browser.awaitText("+15555550123");
        browser.click("Delete Binding");
        WebElement cancel = browser.driver().switchTo().activeElement(); // the safe choice has the focus
        assertThat(cancel.getText()).isEqualTo("Cancel");
        cancel.sendKeys(Keys.ENTER);
        browser.await("the Delete button back, focused", d -> d.switchTo().activeElement().getText()
                .equals("Delete Binding"));
        assertThat(http.get("/v1/Services/" + service + "/Bindings/" + doomed).status()).isEqualTo(200);
        browser.click("Delete Binding");
        browser.click("Yes, delete Binding");
        browser.awaitHeading("Bindings");
        browser.awaitText("Binding " + doomed + " deleted.");
        assertThat(browser.rows("Bindings")).extracting(r -> r.get(0)).containsExactly("keeper");
        assertThat(http.get("/v1/Services/" + service + "/Bindings/" + doomed).status()).isEqualTo(404);
        assertThat(http.get("/v1/Services/" + service + "/Bindings/" + keep).status()).isEqualTo(200);
    }

    @Test
    void aTestSendReachesDoneAndShowsTheProviderRequest() {
        String fcm = fixture.credentialWith("Type", "fcm", "Secret", TestSecrets.serviceAccount("console-send"));
        String service = fixture.serviceWith("FriendlyName", "Send test", "FcmCredentialSid", fcm);
        fixture.binding(service, "alice", "fcm", "alice-token", "news");
        fixture.binding(service, "bob", "fcm", "invalid-bob-token", "news");
        fixture.binding(service, "carol", "fcm", "carol-token", "sport");
        fixture.binding(service, "dave", "fcm", "flaky-dave-token", "news"); // delivered at the third attempt
        signInAt("/services/" + service + "/send");
        browser.awaitHeading("Send a test");
        browser.fill("Tag", "news");
        browser.fill("Title", "Hello");
        browser.fill("Body", "From the console");
        browser.fill("Data", "{\"order\": 42}");
        browser.choose("Priority", "low");
        browser.fill("Ttl", "600");
        browser.click("Send");
        browser.awaitText("sending: 1 delivered, 1 rejected, 0 expired, 1 queued of 3"); // live, while dave retries
        browser.awaitText("done: 2 delivered, 1 rejected, 0 expired, 0 queued of 3");
        List<List<String>> rows = browser.rows("Deliveries");
        assertThat(rows).extracting(r -> r.get(0) + " " + r.get(3) + " " + r.get(4)).containsExactlyInAnyOrder(
                "alice delivered 1", "bob rejected 1", "dave delivered 3");
        List<String> bob = rows.stream().filter(r -> r.get(0).equals("bob")).findFirst().orElseThrow();
        assertThat(bob.get(5)).isEqualTo("52103");
        assertThat(bob.get(6)).isNotEmpty();
        List<String> alice = rows.stream().filter(r -> r.get(0).equals("alice")).findFirst().orElseThrow();
        assertThat(alice.get(7)).startsWith("projects/console-send/messages/");

        browser.click("Provider request to alice (fcm)");
        String request = browser.await("the provider request", d -> d.findElements(By.tagName("pre")).stream()
                .filter(WebElement::isDisplayed).map(WebElement::getText).findFirst().orElse(null));
        assertThat(request).contains("\"path\": \"/v1/projects/console-send/messages:send\"")
                .contains("\"token\": \"alice-token\"").contains("\"twi_body\": \"From the console\"")
                .contains("\"order\": \"42\"");
        browser.screenshot("notification", 1280, 1250);

        browser.click("Notifications");
        browser.awaitHeading("Notifications");
        assertThat(browser.rows("The latest Notifications").get(0).get(4))
                .contains("done: 2 delivered, 1 rejected, 0 expired, 0 queued of 3");
        browser.awaitText("Last hour: 2 delivered, 1 rejected, 0 expired.");
        browser.screenshot("notifications", 1280, 900);
    }

    @Test
    void userDataIsShownAsTextNeverAsHtml() {
        String service = fixture.service("<i>Script</i> test");
        String tag = "<img src=x onerror=alert(1)>";
        fixture.binding(service, "<b>mallory</b>", "apn", "apn-\"><script>alert(2)</script>", tag);
        signInAt("/services/" + service + "/bindings");
        List<List<String>> rows = browser.rows("Bindings");
        assertThat(rows.get(0).get(0)).isEqualTo("<b>mallory</b>");
        assertThat(rows.get(0).get(3)).isEqualTo(tag);
        assertThat(browser.driver().findElements(By.cssSelector("main img, main b, main script, main i"))).isEmpty();
        browser.click("<b>mallory</b>");
        browser.awaitHeading("Binding <b>mallory</b>");
        browser.awaitText("apn-\"><script>alert(2)</script>");
        browser.driver().navigate().to(console() + "#/services");
        browser.awaitText("<i>Script</i> test");
        assertThat(browser.driver().findElements(By.cssSelector("main img, main b, main script, main i"))).isEmpty();
        try {
            browser.driver().switchTo().alert();
            throw new AssertionError("an alert ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    @Test
    void aServicesSettingsAreEdited() {
        String apn = fixture.credentialWith("Type", "apn", "FriendlyName", "iOS app", "Certificate", "c",
                "PrivateKey", "k");
        String service = fixture.service("Before");
        signInAt("/services/" + service);
        browser.awaitHeading("Before");
        browser.fill("Friendly name", "After");
        browser.fill("Delivery callback URL", "https://example.com/callbacks");
        browser.control("Delivery callbacks enabled").click();
        browser.choose("APN Credential", "iOS app (apn, " + apn + ")");
        browser.click("Save settings");
        browser.awaitHeading("After");
        browser.awaitText("Settings saved.");
        var saved = http.get("/v1/Services/" + service).json();
        assertThat(saved.get("friendly_name").asText()).isEqualTo("After");
        assertThat(saved.get("delivery_callback_url").asText()).isEqualTo("https://example.com/callbacks");
        assertThat(saved.get("delivery_callback_enabled").asBoolean()).isTrue();
        assertThat(saved.get("apn_credential_sid").asText()).isEqualTo(apn);
    }

    @Test
    void credentialsAreCreatedWithoutEchoingTheSecretAndDeleted() {
        signInAt("/credentials");
        browser.awaitHeading("Credentials");
        browser.choose("Type", "facebook-messenger");
        browser.fill("Friendly name", "Page");
        WebElement secret = browser.control("Secret");
        assertThat(secret.getAttribute("type")).isEqualTo("password");
        secret.sendKeys("page-access-token-123");
        browser.click("Create Credential");
        browser.awaitText("Credential created.");
        browser.awaitHeading("Credential Page");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("page-access-token-123");
        assertThat(browser.control("Secret").getAttribute("value")).isEmpty();
        String sid = browser.driver().getCurrentUrl().replaceAll(".*/credentials/", "");
        assertThat(http.get("/v1/Credentials/" + sid).json().get("type").asText()).isEqualTo("facebook-messenger");
        browser.click("Credentials");
        browser.awaitHeading("Credentials");
        browser.screenshot("credentials", 1280, 720);
        browser.click("Page");
        browser.click("Delete Credential");
        browser.click("Yes, delete Credential");
        browser.awaitText("Credential " + sid + " deleted.");
        assertThat(http.get("/v1/Credentials/" + sid).status()).isEqualTo(404);
    }

    @Test
    void worksAtPhoneWidth() {
        String service = fixture.service("Phone test");
        fixture.binding(service, "pat", "sms", "+15555550999", "vip");
        signInAt("/services/" + service + "/bindings");
        browser.rows("Bindings");
        var window = browser.driver().manage().window();
        var before = window.getSize();
        try {
            window.setSize(new org.openqa.selenium.Dimension(390, 844));
            long overflow = (Long) browser.driver().executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow).as("horizontal overflow of the page").isLessThanOrEqualTo(0);
            assertThat(browser.control("Tag").isDisplayed()).isTrue();
            assertThat(browser.driver().findElement(By.xpath("//button[normalize-space()='Sign out']")).isDisplayed())
                    .isTrue();
        } finally {
            window.setSize(before);
        }
        browser.screenshot("phone-bindings", 390, 844);
    }
}
