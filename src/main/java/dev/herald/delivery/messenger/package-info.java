/** The Facebook Messenger channel (the Graph API's Send API, with a page access token from a Credential). */
package dev.herald.delivery.messenger;
