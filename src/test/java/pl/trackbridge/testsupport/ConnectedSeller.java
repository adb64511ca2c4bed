package pl.trackbridge.testsupport;

import static io.restassured.RestAssured.given;

import java.util.UUID;
import pl.trackbridge.local.allegro.AllegroStandIn;

/**
 * A new TrackBridge account connected (through {@code PUT /accounts/{id}} and a refresh token the stand-in
 * issued) to a new seller on the Allegro stand-in: what most end-to-end tests start from.
 *
 * @param account the TrackBridge account id ({@code prefix-xxxxxxxx})
 * @param seller  the stand-in's seller id, whose orders the account syncs
 */
public record ConnectedSeller(String account, String seller) {

    /** @param moreFields further account fields as JSON members, e.g. {@code "webhookSecrets":{...}} (or empty) */
    public static ConnectedSeller create(AllegroStandIn allegro, String prefix, String moreFields) {
        String account = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String seller = "seller-" + account;
        String token = allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, seller);
        given().contentType("application/json")
                .body("{\"allegroRefreshToken\":\"" + token + "\"" + (moreFields.isEmpty() ? "" : "," + moreFields) + "}")
                .put("/accounts/" + account).then().statusCode(201);
        return new ConnectedSeller(account, seller);
    }

    public static ConnectedSeller create(AllegroStandIn allegro, String prefix) {
        return create(allegro, prefix, "");
    }
}
