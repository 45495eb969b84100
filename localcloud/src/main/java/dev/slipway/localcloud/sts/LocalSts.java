package dev.slipway.localcloud.sts;

import dev.slipway.localcloud.iam.Principals;
import dev.slipway.localcloud.protocol.WireRequest;
import dev.slipway.localcloud.protocol.WireResponse;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * STS over its query protocol, as far as a client of local mode needs it: {@code
 * GetCallerIdentity}, which every AWS CLI, CDK and SDK credential check starts with. It answers
 * with the identity of the request's access key: a function's assumed-role session (its role and
 * the function's name as the session), or, for credentials local mode did not hand out, the
 * account's root (local mode treats such callers as an administrator). As on AWS, it needs no
 * permission. Other actions answer AWS's {@code InvalidAction}.
 */
public final class LocalSts {
  /** The SigV4 signing name of STS. */
  public static final String SIGNING_NAME = "sts";

  private static final String VERSION = "2011-06-15";
  private static final String NS = "https://sts.amazonaws.com/doc/" + VERSION + "/";

  private LocalSts() {}

  /**
   * Answers one STS request.
   *
   * @param session the caller's role session, empty for an administrator
   */
  public static WireResponse answer(WireRequest request, Optional<Principals.Session> session) {
    Map<String, String> params = new HashMap<>(request.queryParameters());
    String type = request.header("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form")) {
      params.putAll(WireRequest.parseForm(request.bodyText()));
    }
    String action = params.get("Action");
    String requestId = UUID.randomUUID().toString();
    if (!"GetCallerIdentity".equals(action)) {
      return error(
          400,
          action == null ? "MissingAction" : "InvalidAction",
          action == null
              ? "Missing Action"
              : "Could not find operation " + action + " for version " + VERSION,
          requestId);
    }
    String arn;
    String userId;
    if (session.isPresent()) {
      arn = session.get().principalArn();
      userId = roleId(session.get().roleArn()) + ":" + session.get().sessionName();
    } else {
      arn = "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":root";
      userId = LocalAws.ACCOUNT_ID;
    }
    String xml =
        "<GetCallerIdentityResponse xmlns=\""
            + NS
            + "\"><GetCallerIdentityResult><Arn>"
            + escape(arn)
            + "</Arn><UserId>"
            + escape(userId)
            + "</UserId><Account>"
            + LocalAws.ACCOUNT_ID
            + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>"
            + requestId
            + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
    WireResponse response = WireResponse.of(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    response.headers().put("x-amzn-RequestId", requestId);
    return response;
  }

  /** A role's unique id as AWS shapes it: {@code AROA} and 17 characters, stable per role. */
  static String roleId(String roleArn) {
    int hash = roleArn.hashCode();
    String hex =
        HexFormat.of().toHexDigits(hash).toUpperCase(Locale.ROOT)
            + HexFormat.of().toHexDigits(roleArn.length() * 31L).toUpperCase(Locale.ROOT);
    return "AROA" + hex.substring(0, 17);
  }

  private static WireResponse error(int status, String code, String message, String requestId) {
    String xml =
        "<ErrorResponse xmlns=\""
            + NS
            + "\"><Error><Type>Sender</Type><Code>"
            + code
            + "</Code><Message>"
            + escape(message)
            + "</Message></Error><RequestId>"
            + requestId
            + "</RequestId></ErrorResponse>";
    WireResponse response =
        WireResponse.of(status, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    response.headers().put("x-amzn-RequestId", requestId);
    return response;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
