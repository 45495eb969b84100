package dev.slipway.localcloud.server;

/** The account and region every local resource lives in, and ARNs built from them. */
public final class LocalAws {
  /** The account id of local mode (AWS's documented placeholder account). */
  public static final String ACCOUNT_ID = "000000000000";

  /** The only region local mode serves. */
  public static final String REGION = "us-east-1";

  private LocalAws() {}

  /** {@code arn:aws:<service>:us-east-1:000000000000:<resource>}. */
  public static String arn(String service, String resource) {
    return "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT_ID + ":" + resource;
  }

  /** The last part of an ARN after {@code separator} ({@code :} or {@code /}), or the input. */
  public static String nameFromArn(String arnOrName, String marker) {
    if (arnOrName == null || !arnOrName.startsWith("arn:")) {
      return arnOrName;
    }
    int at = arnOrName.indexOf(marker);
    return at < 0 ? arnOrName : arnOrName.substring(at + marker.length());
  }
}
