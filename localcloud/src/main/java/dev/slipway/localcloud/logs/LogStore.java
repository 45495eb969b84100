package dev.slipway.localcloud.logs;

import dev.slipway.localcloud.server.StateDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;

/**
 * Log groups, streams and events in the state database. Producers' lines are queued and written in
 * one transaction per {@link #FLUSH_EVERY} (not one commit per line); every read writes what is
 * queued first, so a line appended before a call is in its answer. Events are indexed by group,
 * stream and time, the order every query reads them in.
 */
final class LogStore implements LogSink, AutoCloseable {
  /** How often queued lines are written. */
  static final Duration FLUSH_EVERY = Duration.ofMillis(200);

  /** Lines waiting to be written; a producer past this waits (back-pressure, not loss). */
  private static final int QUEUE_LIMIT = 50_000;

  private final StateDatabase db;
  private final Clock clock;
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_LIMIT);
  private final Object flushLock = new Object();
  private final Thread flusher;
  private volatile boolean closed;

  /** A group as stored. */
  record Group(String name, long createdMs, Integer retentionDays, long storedBytes) {}

  /** A stream as stored; the timestamps are null before its first event. */
  record Stream(
      String group, String name, long createdMs, Long firstTs, Long lastTs, Long lastIngestion) {}

  /** An event's place in a stream's (or a group's) order: its timestamp, then arrival. */
  record Position(long ts, long seq) {}

  /** One stored event. */
  record Event(long seq, String stream, long ts, long ingestion, String message) {
    Position position() {
      return new Position(ts, seq);
    }
  }

  /**
   * Which events to read, in (timestamp, arrival) order.
   *
   * @param streams only these streams (null: all of the group)
   * @param streamPrefix only streams starting with this (null: any)
   * @param from events at or after this position (null: from the first)
   * @param before events before this position (null: to the last)
   * @param newestFirst read from the end backwards
   */
  record EventQuery(
      String group,
      List<String> streams,
      String streamPrefix,
      Long startInclusive,
      Long endExclusive,
      Position from,
      Position before,
      boolean newestFirst) {}

  private record Pending(String group, String stream, long ts, long ingestion, String message) {}

  LogStore(StateDatabase db, Clock clock, boolean background) {
    this.db = db;
    this.clock = clock;
    db.schema(
        "CREATE TABLE IF NOT EXISTS logs_groups (name TEXT PRIMARY KEY, created_ms INTEGER NOT"
            + " NULL, retention_days INTEGER)",
        "CREATE TABLE IF NOT EXISTS logs_streams (group_name TEXT NOT NULL, name TEXT NOT NULL,"
            + " created_ms INTEGER NOT NULL, first_ts INTEGER, last_ts INTEGER, last_ingestion"
            + " INTEGER, stored_bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (group_name, name))",
        "CREATE TABLE IF NOT EXISTS logs_events (seq INTEGER PRIMARY KEY, group_name TEXT NOT"
            + " NULL, stream_name TEXT NOT NULL, ts_ms INTEGER NOT NULL, ingestion_ms INTEGER NOT"
            + " NULL, message TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS logs_events_stream ON logs_events (group_name, stream_name,"
            + " ts_ms, seq)",
        "CREATE INDEX IF NOT EXISTS logs_events_group ON logs_events (group_name, ts_ms, seq)");
    flusher =
        background ? Thread.ofPlatform().daemon().name("log-store").start(this::flushLoop) : null;
  }

  @Override
  public void append(String group, String stream, long timestampMillis, String message) {
    if (closed) {
      return;
    }
    try {
      queue.put(new Pending(group, stream, timestampMillis, clock.millis(), message));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void flushLoop() {
    while (!closed) {
      try {
        Thread.sleep(FLUSH_EVERY);
        flush();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        System.err.println("logs: cannot store log events: " + e.getMessage());
      }
    }
  }

  /** Writes every queued line, in one transaction. */
  void flush() {
    synchronized (flushLock) {
      List<Pending> batch = new ArrayList<>();
      queue.drainTo(batch);
      if (batch.isEmpty()) {
        return;
      }
      db.transaction(
          c -> {
            write(c, batch);
            return null;
          });
    }
  }

  private static void write(Connection c, List<Pending> batch) throws SQLException {
    Map<List<String>, long[]> touched = new HashMap<>();
    try (PreparedStatement group =
            c.prepareStatement("INSERT OR IGNORE INTO logs_groups VALUES (?, ?, NULL)");
        PreparedStatement stream =
            c.prepareStatement(
                "INSERT OR IGNORE INTO logs_streams (group_name, name, created_ms) VALUES (?,?,?)");
        PreparedStatement event =
            c.prepareStatement(
                "INSERT INTO logs_events (group_name, stream_name, ts_ms, ingestion_ms, message)"
                    + " VALUES (?,?,?,?,?)")) {
      for (Pending p : batch) {
        var key = List.of(p.group(), p.stream());
        long[] t = touched.get(key);
        if (t == null) {
          group.setString(1, p.group());
          group.setLong(2, p.ingestion());
          group.executeUpdate();
          stream.setString(1, p.group());
          stream.setString(2, p.stream());
          stream.setLong(3, p.ingestion());
          stream.executeUpdate();
          t = new long[] {p.ts(), p.ts(), p.ingestion(), 0};
          touched.put(key, t);
        }
        t[0] = Math.min(t[0], p.ts());
        t[1] = Math.max(t[1], p.ts());
        t[2] = Math.max(t[2], p.ingestion());
        // CloudWatch Logs counts an event's size as its UTF-8 bytes plus 26
        t[3] += p.message().getBytes(StandardCharsets.UTF_8).length + 26;
        event.setString(1, p.group());
        event.setString(2, p.stream());
        event.setLong(3, p.ts());
        event.setLong(4, p.ingestion());
        event.setString(5, p.message());
        event.addBatch();
      }
      event.executeBatch();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE logs_streams SET first_ts = min(coalesce(first_ts, ?), ?), last_ts ="
                + " max(coalesce(last_ts, ?), ?), last_ingestion = max(coalesce(last_ingestion,"
                + " 0), ?), stored_bytes = stored_bytes + ? WHERE group_name = ? AND name = ?")) {
      for (var e : touched.entrySet()) {
        long[] t = e.getValue();
        s.setLong(1, t[0]);
        s.setLong(2, t[0]);
        s.setLong(3, t[1]);
        s.setLong(4, t[1]);
        s.setLong(5, t[2]);
        s.setLong(6, t[3]);
        s.setString(7, e.getKey().get(0));
        s.setString(8, e.getKey().get(1));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  /** Creates a group; false when it exists. */
  boolean createGroup(String name, Integer retentionDays) {
    flush();
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT OR IGNORE INTO logs_groups VALUES (?, ?, ?)")) {
            s.setString(1, name);
            s.setLong(2, clock.millis());
            if (retentionDays == null) {
              s.setNull(3, java.sql.Types.INTEGER);
            } else {
              s.setInt(3, retentionDays);
            }
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Sets (null: removes) a group's retention. */
  void retention(String name, Integer days) {
    db.update(
        "UPDATE logs_groups SET retention_days = ? WHERE name = ?",
        days == null ? null : days.toString(),
        name);
  }

  /** Creates a stream in an existing group; false when it exists. */
  boolean createStream(String group, String name) {
    flush();
    return db.update(
            "INSERT OR IGNORE INTO logs_streams (group_name, name, created_ms) VALUES (?,?,?)",
            group,
            name,
            Long.toString(clock.millis()))
        == 1;
  }

  /** The groups in name order after {@code afterName} (null: from the first), at most limit. */
  List<Group> groups(String prefix, String afterName, int limit) {
    flush();
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT g.name, g.created_ms, g.retention_days, (SELECT coalesce(sum("
                      + "stored_bytes), 0) FROM logs_streams WHERE group_name = g.name) FROM"
                      + " logs_groups g WHERE substr(g.name, 1, length(?)) = ? AND g.name > ?"
                      + " ORDER BY g.name LIMIT ?")) {
            String p = prefix == null ? "" : prefix;
            s.setString(1, p);
            s.setString(2, p);
            s.setString(3, afterName == null ? "" : afterName);
            s.setInt(4, limit);
            List<Group> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                int days = rs.getInt(3);
                out.add(
                    new Group(
                        rs.getString(1), rs.getLong(2), rs.wasNull() ? null : days, rs.getLong(4)));
              }
            }
            return out;
          }
        });
  }

  Optional<Group> group(String name) {
    return groups(name, null, Integer.MAX_VALUE).stream()
        .filter(g -> g.name().equals(name))
        .findFirst();
  }

  /** A group's streams, every one (local groups have few). */
  List<Stream> streams(String group) {
    flush();
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, created_ms, first_ts, last_ts, last_ingestion FROM logs_streams"
                      + " WHERE group_name = ? ORDER BY name")) {
            s.setString(1, group);
            List<Stream> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Stream(
                        group,
                        rs.getString(1),
                        rs.getLong(2),
                        nullableLong(rs, 3),
                        nullableLong(rs, 4),
                        nullableLong(rs, 5)));
              }
            }
            return out;
          }
        });
  }

  Optional<Stream> stream(String group, String name) {
    return streams(group).stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * Reads events in order, handing each to {@code visitor} until it returns false or {@code
   * maxScanned} were read.
   */
  void events(EventQuery q, int maxScanned, Predicate<Event> visitor) {
    flush();
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, stream_name, ts_ms, ingestion_ms, message FROM logs_events WHERE"
                + " group_name = ?");
    List<Object> args = new ArrayList<>();
    args.add(q.group());
    if (q.streams() != null) {
      sql.append(" AND stream_name IN (")
          .append(String.join(",", java.util.Collections.nCopies(q.streams().size(), "?")))
          .append(")");
      args.addAll(q.streams());
    }
    if (q.streamPrefix() != null) {
      sql.append(" AND substr(stream_name, 1, ?) = ?");
      args.add((long) q.streamPrefix().length());
      args.add(q.streamPrefix());
    }
    if (q.startInclusive() != null) {
      sql.append(" AND ts_ms >= ?");
      args.add(q.startInclusive());
    }
    if (q.endExclusive() != null) {
      sql.append(" AND ts_ms < ?");
      args.add(q.endExclusive());
    }
    if (q.from() != null) {
      sql.append(" AND (ts_ms > ? OR (ts_ms = ? AND seq >= ?))");
      args.addAll(List.of(q.from().ts(), q.from().ts(), q.from().seq()));
    }
    if (q.before() != null) {
      sql.append(" AND (ts_ms < ? OR (ts_ms = ? AND seq < ?))");
      args.addAll(List.of(q.before().ts(), q.before().ts(), q.before().seq()));
    }
    String dir = q.newestFirst() ? " DESC" : "";
    sql.append(" ORDER BY ts_ms").append(dir).append(", seq").append(dir).append(" LIMIT ?");
    args.add((long) maxScanned);
    db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              if (args.get(i) instanceof Long l) {
                s.setLong(i + 1, l);
              } else {
                s.setString(i + 1, (String) args.get(i));
              }
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                var e =
                    new Event(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5));
                if (!visitor.test(e)) {
                  break;
                }
              }
            }
            return null;
          }
        });
  }

  /** Writes what is queued and stops the writer. */
  @Override
  public void close() {
    closed = true;
    if (flusher != null) {
      flusher.interrupt();
      try {
        flusher.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    flush();
  }
}
