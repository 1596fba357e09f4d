package dev.herald.domain;

/**
 * The record of one Notification's delivery to one address: a stored Binding's ({@code bindingSid} set) or a
 * {@code ToBinding} element's. {@code errorCode} and {@code errorMessage} tell why the last attempt did not
 * deliver (null when it did, or none ended yet); {@code request} is the provider request the sandbox built (JSON
 * text), else null. Dates in epoch seconds. {@code toString} leaves out the address and the identity.
 */
public record Delivery(long id, String notificationSid, String bindingSid, BindingType bindingType, String identity,
                       String address, DeliveryStatus status, int attempts, Integer errorCode, String errorMessage,
                       String providerMessageId, String request, long dateCreated, long dateUpdated) {
    @Override
    public String toString() {
        return "Delivery[id=" + id + ", notificationSid=" + notificationSid + ", status=" + status.wire() + "]";
    }
}
