package dev.slipway.localcloud.elbv2;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A parsed {@code show stat} answer: one row per proxy/server, columns read by header name. */
record HaproxyStats(List<Row> rows) {

  /**
   * A server's counters. {@code rtimeMs} is HAProxy's average over its last 1,024 requests; {@code
   * connectionErrors} counts the requests that failed to connect to the server ({@code econ}).
   */
  record Row(
      String backend,
      String server,
      String status,
      int currentSessions,
      long requests,
      long responses5xx,
      long connectionErrors,
      long rtimeMs,
      String checkStatus) {
    boolean up() {
      return status.startsWith("UP") || status.equals("DRAIN") || status.equals("NOLB");
    }
  }

  static HaproxyStats parse(String csv) {
    var lines = csv.split("\n");
    if (lines.length == 0 || !lines[0].startsWith("# ")) {
      throw new IllegalStateException("Unexpected 'show stat' answer from HAProxy: " + csv);
    }
    var header = lines[0].substring(2).split(",", -1);
    var col = new HashMap<String, Integer>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i], i);
    }
    var rows = new ArrayList<Row>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      var f = lines[i].split(",", -1);
      var sv = f[col.get("svname")];
      if (sv.equals("FRONTEND") || sv.equals("BACKEND")) {
        continue;
      }
      rows.add(
          new Row(
              f[col.get("pxname")],
              sv,
              f[col.get("status")],
              (int) num(f, col, "scur"),
              num(f, col, "req_tot"),
              num(f, col, "hrsp_5xx"),
              num(f, col, "econ"),
              num(f, col, "rtime"),
              f[col.get("check_status")]));
    }
    return new HaproxyStats(rows);
  }

  private static long num(String[] f, Map<String, Integer> col, String name) {
    var i = col.get(name);
    if (i == null || i >= f.length || f[i].isEmpty()) {
      return 0;
    }
    return Long.parseLong(f[i]);
  }

  Optional<Row> row(String backend, String server) {
    return rows.stream()
        .filter(r -> r.backend().equals(backend) && r.server().equals(server))
        .findFirst();
  }

  List<Row> rowsForServer(String server) {
    return rows.stream().filter(r -> r.server().equals(server)).toList();
  }
}
