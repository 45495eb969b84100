package dev.slipway.localcloud.elbv2;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link Topology} as haproxy.cfg (HAProxy 2.6). */
final class HaproxyConfig {
  private HaproxyConfig() {}

  private static final String UNDECIDED = "!{ var(txn.be) -m found }";

  /**
   * The config text. With {@code servers == false} it is the "structure": comparing two structures
   * tells whether a change needs a reload or only runtime commands.
   */
  static String render(Topology t, Path adminSocket, Path serverStateFile, boolean servers) {
    var sb = new StringBuilder();
    sb.append("global\n")
        // expose-fd lets the next process take over the listening sockets (-x): no refused
        // connections during a reload
        .append("  stats socket ")
        .append(adminSocket)
        .append(" mode 600 level admin expose-fd listeners\n")
        .append("  server-state-file ")
        .append(serverStateFile)
        .append("\n  maxconn 2000\n  nbthread 2\n\n")
        .append("defaults\n  mode http\n  timeout connect 3s\n  timeout client 60s\n")
        .append("  timeout server 60s\n  timeout http-keep-alive 10s\n")
        .append("  load-server-state-from-file global\n\n");
    for (var f : t.frontends()) {
      frontend(sb, f);
    }
    for (var b : t.backends()) {
      backend(sb, b, servers);
    }
    return sb.toString();
  }

  /**
   * Rules are evaluated in priority order as {@code http-request} rules (which HAProxy runs in
   * order, unlike {@code use_backend} vs {@code http-request return}): the first match either
   * answers or records its backend in {@code txn.be}.
   */
  private static void frontend(StringBuilder sb, Topology.Frontend f) {
    sb.append("frontend ").append(f.name()).append('\n');
    sb.append("  bind 127.0.0.1:").append(f.localPort()).append('\n');
    for (var r : f.routes()) {
      var names = new ArrayList<String>();
      for (int i = 0; i < r.acls().size(); i++) {
        var n = r.name() + "_" + i;
        names.add(n);
        sb.append("  acl ").append(n).append(' ').append(r.acls().get(i)).append('\n');
      }
      action(sb, r.action(), names);
    }
    switch (f.defaultAction()) {
      case Topology.RouteAction.Forward fw -> {
        sb.append("  use_backend %[var(txn.be)] if { var(txn.be) -m found }\n");
        sb.append("  default_backend ").append(fw.backend()).append('\n');
      }
      case Topology.RouteAction.FixedResponse r -> {
        action(sb, r, List.of());
        sb.append("  use_backend %[var(txn.be)] if { var(txn.be) -m found }\n");
      }
      case Topology.RouteAction.Redirect r -> {
        action(sb, r, List.of());
        sb.append("  use_backend %[var(txn.be)] if { var(txn.be) -m found }\n");
      }
    }
    sb.append('\n');
  }

  private static void action(StringBuilder sb, Topology.RouteAction a, List<String> acls) {
    var cond = " if " + String.join(" ", acls) + (acls.isEmpty() ? "" : " ") + UNDECIDED;
    switch (a) {
      case Topology.RouteAction.Forward f -> {
        if (!acls.isEmpty()) {
          sb.append("  http-request set-var(txn.be) str(")
              .append(f.backend())
              .append(')')
              .append(cond)
              .append('\n');
        }
      }
      case Topology.RouteAction.FixedResponse r -> {
        sb.append("  http-request return status ")
            .append(r.status())
            .append(" content-type ")
            .append(quote(r.contentType()));
        if (!r.body().isEmpty()) {
          sb.append(" string ").append(quote(r.body()));
        }
        sb.append(cond).append('\n');
      }
      case Topology.RouteAction.Redirect r -> {
        if (r.appendQuery()) {
          sb.append("  http-request redirect location ")
              .append(quote(r.location() + "?%[query]"))
              .append(" code ")
              .append(r.status())
              .append(" if ")
              .append(String.join(" ", acls))
              .append(acls.isEmpty() ? "" : " ")
              .append("{ query -m len gt 0 } ")
              .append(UNDECIDED)
              .append('\n');
        }
        sb.append("  http-request redirect location ")
            .append(quote(r.location()))
            .append(" code ")
            .append(r.status())
            .append(cond)
            .append('\n');
      }
    }
  }

  private static void backend(StringBuilder sb, Topology.Backend b, boolean servers) {
    sb.append("backend ").append(b.name()).append("\n  balance roundrobin\n");
    var hc = b.healthCheck();
    if (hc != null) {
      sb.append("  option httpchk\n  http-check send meth GET uri ")
          .append(quote(hc.path()))
          .append("\n  http-check expect rstatus ")
          .append(quote(statusRegex(hc.matcher())))
          .append("\n  timeout check ")
          .append(hc.timeoutSeconds())
          .append("s\n  default-server inter ")
          .append(hc.intervalSeconds())
          .append("s fall ")
          .append(hc.unhealthyThreshold())
          .append(" rise ")
          .append(hc.healthyThreshold())
          .append('\n');
    }
    if (servers) {
      for (var s : b.servers()) {
        sb.append("  server ")
            .append(s.name())
            .append(' ')
            .append(s.address())
            .append(':')
            .append(s.port())
            .append(" weight ")
            .append(s.weight())
            .append(hc == null ? "" : " check")
            // a draining target takes no new requests in the new process; the old one finishes
            // the in-flight ones
            .append(s.draining() ? " disabled" : "")
            .append('\n');
      }
    }
    sb.append('\n');
  }

  /** An ELBv2 matcher ("200", "200,202", "200-299") as an anchored regex of status codes. */
  static String statusRegex(String matcher) {
    var codes = new ArrayList<String>();
    for (var part : matcher.split(",")) {
      var p = part.trim();
      var dash = p.indexOf('-');
      try {
        if (dash > 0) {
          var from = Integer.parseInt(p.substring(0, dash));
          var to = Integer.parseInt(p.substring(dash + 1));
          if (from < 100 || to > 599 || from > to) {
            throw new NumberFormatException(p);
          }
          for (int c = from; c <= to; c++) {
            codes.add(Integer.toString(c));
          }
        } else {
          codes.add(Integer.toString(Integer.parseInt(p)));
        }
      } catch (NumberFormatException e) {
        throw Elbv2Errors.validation(
            "Health check matcher '" + matcher + "' must be codes like 200, 200,202 or 200-299");
      }
    }
    return "^(" + String.join("|", codes) + ")$";
  }

  /**
   * Single quotes: haproxy.cfg expands {@code $VAR} and backslashes inside double quotes, not
   * inside single ones; an embedded single quote is closed, escaped and reopened, as in a shell.
   */
  static String quote(String s) {
    return "'" + s.replace("\n", " ").replace("'", "'\\''") + "'";
  }
}
