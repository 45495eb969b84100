package dev.slipway.localcloud.elbv2;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local mode's stand-in for addressing a listener as {@code <DNSName>:<port>}. On AWS a template
 * reaches a load balancer's 8080 listener at {@code http://<DNSName>:8080}; here DNSName is already
 * {@code 127.0.0.1:<port-80 slot>}, so the joined text {@code 127.0.0.1:<slot>:8080} is no address.
 * It becomes {@code 127.0.0.1:<the listener's local port>}.
 */
final class ListenerAddresses {
  private static final Pattern DNS_NAME_AND_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+):(\\d+)");

  private ListenerAddresses() {}

  /** {@code text} with each {@code <DNSName>:<listener port>} replaced by its local address. */
  static String local(String text, Elbv2State state) {
    Matcher m = DNS_NAME_AND_PORT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String dnsName = "127.0.0.1:" + m.group(1);
      int port = Integer.parseInt(m.group(2));
      String address =
          state.listeners.values().stream()
              .filter(l -> l.port() == port)
              .filter(
                  l -> {
                    var lb = state.loadBalancers.get(l.loadBalancerArn());
                    return lb != null && lb.dnsName().equals(dnsName);
                  })
              .findFirst()
              .map(l -> "127.0.0.1:" + l.localPort())
              .orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(address));
    }
    m.appendTail(out);
    return out.toString();
  }
}
