package dev.herald;

import dev.herald.config.DeliveryConfig;
import dev.herald.config.ProviderConfig;
import dev.herald.config.SmsConfig;
import dev.herald.delivery.Channel;
import dev.herald.delivery.apns.ApnsChannel;
import dev.herald.delivery.apns.ApnsSettings;
import dev.herald.delivery.fcm.FcmChannel;
import dev.herald.delivery.fcm.FcmSettings;
import dev.herald.delivery.messenger.MessengerChannel;
import dev.herald.delivery.messenger.MessengerSettings;
import dev.herald.delivery.sandbox.SandboxChannel;
import dev.herald.delivery.sms.SmsChannel;
import dev.herald.delivery.sms.SmsSettings;
import dev.herald.domain.BindingType;
import java.util.HashSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The delivery channels of the configured mode, built and closed together (wiring, like {@link Herald}). */
final class DeliveryChannels {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryChannels.class);

    private DeliveryChannels() {
    }

    /**
     * The channels of the delivery mode: in sandbox mode one {@link SandboxChannel} serves every type but alexa (the
     * engine rejects alexa); live: {@link ApnsChannel} for apn, one {@link FcmChannel} for fcm and gcm, {@link
     * SmsChannel} for sms, {@link MessengerChannel} for facebook-messenger.
     */
    static Map<BindingType, Channel> of(DeliveryConfig delivery, ProviderConfig providers) {
        if (delivery.mode() == DeliveryConfig.Mode.SANDBOX) {
            SandboxChannel sandbox = new SandboxChannel();
            return Map.of(BindingType.APN, sandbox, BindingType.FCM, sandbox, BindingType.GCM, sandbox,
                    BindingType.SMS, sandbox, BindingType.FACEBOOK_MESSENGER, sandbox);
        }
        ApnsSettings apns = ApnsSettings.apple();
        if (providers.apnsHost() != null || !providers.apnsTrust().isEmpty()) {
            apns = apns.withEndpoint(providers.apnsHost(), providers.apnsPort(), providers.apnsTrust());
        }
        ApnsChannel apnsChannel = new ApnsChannel(apns);
        FcmChannel fcm;
        try {
            fcm = new FcmChannel(FcmSettings.google().withEndpoint(providers.fcmUrl(), providers.fcmTrust()));
        } catch (RuntimeException e) {
            apnsChannel.close();
            throw e;
        }
        SmsConfig sms = providers.sms();
        return Map.of(BindingType.APN, apnsChannel, BindingType.FCM, fcm, BindingType.GCM, fcm,
                BindingType.SMS, new SmsChannel(SmsSettings.of(sms.url(), sms.accountSid(), sms.authToken())),
                BindingType.FACEBOOK_MESSENGER, new MessengerChannel(MessengerSettings.of(providers.messengerUrl())));
    }

    /** Closes each of {@code channels} once (one channel may serve several types). */
    static void close(Map<BindingType, Channel> channels) {
        for (Channel channel : new HashSet<>(channels.values())) {
            try {
                channel.close();
            } catch (RuntimeException e) {
                LOG.warn("A delivery channel did not close cleanly: {}", e.toString());
            }
        }
    }
}
