package dev.slipway.localcloud.stepfunctions;

import dev.slipway.localcloud.stepfunctions.asl.exec.EngineKilled;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionStore;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State machines, executions, history and the branch task journal in one SQLite file. WAL with
 * synchronous=NORMAL: every commit survives the process being killed (not a power cut), which is
 * the crash local mode has to survive, at a fraction of a full fsync per transition.
 */
final class SqliteStore implements ExecutionStore, AutoCloseable {
  private final Connection db;
  private volatile boolean dead;

  SqliteStore(Path dir) {
    try {
      Files.createDirectories(dir);
      db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("stepfunctions.db"));
      try (Statement s = db.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute(
            "CREATE TABLE IF NOT EXISTS state_machines(arn TEXT PRIMARY KEY, name TEXT, definition"
                + " TEXT, role_arn TEXT, type TEXT, created INTEGER, updated INTEGER)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS executions(arn TEXT PRIMARY KEY, sm_arn TEXT, name TEXT,"
                + " status TEXT, input TEXT, output TEXT, error TEXT, cause TEXT, started INTEGER,"
                + " stopped INTEGER, next_state TEXT, next_input TEXT, variables TEXT, definition TEXT)");
        s.execute(
            "CREATE TABLE IF NOT EXISTS events(arn TEXT, id INTEGER, type TEXT, ts INTEGER,"
                + " details TEXT, PRIMARY KEY(arn, id))");
        s.execute(
            "CREATE TABLE IF NOT EXISTS journal(arn TEXT, key TEXT, result TEXT, PRIMARY KEY(arn,"
                + " key))");
      }
      db.setAutoCommit(false);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot open the Step Functions database in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Stops all writes at once, as if the process had been killed. */
  void kill() {
    dead = true;
  }

  synchronized void saveStateMachine(StateMachineRecord m) {
    write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement("INSERT OR REPLACE INTO state_machines VALUES(?,?,?,?,?,?,?)")) {
            p.setString(1, m.arn());
            p.setString(2, m.name());
            p.setString(3, m.definition());
            p.setString(4, m.roleArn());
            p.setString(5, m.type());
            p.setLong(6, m.created().toEpochMilli());
            p.setLong(7, m.updated().toEpochMilli());
            p.executeUpdate();
          }
        });
  }

  synchronized List<StateMachineRecord> stateMachines() {
    List<StateMachineRecord> out = new ArrayList<>();
    try (ResultSet r = db.createStatement().executeQuery("SELECT * FROM state_machines")) {
      while (r.next()) {
        out.add(
            new StateMachineRecord(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)),
                Instant.ofEpochMilli(r.getLong(7))));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized void deleteStateMachine(String arn) {
    write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement("DELETE FROM state_machines WHERE arn=?")) {
            p.setString(1, arn);
            p.executeUpdate();
          }
        });
  }

  synchronized void createExecution(ExecutionRecord e, String definition) {
    write(
        () -> {
          try (PreparedStatement p =
              db.prepareStatement(
                  "INSERT INTO executions(arn, sm_arn, name, status, input, started, definition)"
                      + " VALUES(?,?,?,?,?,?,?)")) {
            p.setString(1, e.arn());
            p.setString(2, e.stateMachineArn());
            p.setString(3, e.name());
            p.setString(4, "RUNNING");
            p.setString(5, Json.write(e.input()));
            p.setLong(6, e.started().toEpochMilli());
            p.setString(7, definition);
            p.executeUpdate();
          }
        });
  }

  /** Every stored execution with its status, and for RUNNING ones where to resume. */
  synchronized List<StoredExecution> executions() {
    List<StoredExecution> out = new ArrayList<>();
    try (ResultSet r = db.createStatement().executeQuery("SELECT * FROM executions")) {
      while (r.next()) {
        out.add(
            new StoredExecution(
                new ExecutionRecord(
                    r.getString("arn"),
                    r.getString("sm_arn"),
                    r.getString("name"),
                    r.getString("status"),
                    Json.parse(r.getString("input")),
                    r.getString("output") == null ? null : Json.parse(r.getString("output")),
                    r.getString("error"),
                    r.getString("cause"),
                    Instant.ofEpochMilli(r.getLong("started")),
                    r.getObject("stopped") == null
                        ? null
                        : Instant.ofEpochMilli(r.getLong("stopped"))),
                r.getString("definition"),
                r.getString("next_state"),
                r.getString("next_input") == null ? null : Json.parse(r.getString("next_input")),
                r.getString("variables") == null
                    ? Map.of()
                    : Json.asObject(Json.parse(r.getString("variables")))));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  synchronized List<HistoryEvent> events(String arn) {
    if (dead) {
      throw new EngineKilled();
    }
    List<HistoryEvent> out = new ArrayList<>();
    try (PreparedStatement p =
        db.prepareStatement("SELECT id, type, ts, details FROM events WHERE arn=? ORDER BY id")) {
      p.setString(1, arn);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new HistoryEvent(
                  r.getLong(1),
                  r.getLong(1) - 1,
                  Instant.ofEpochMilli(r.getLong(3)),
                  r.getString(2),
                  Json.asObject(Json.parse(r.getString(4)))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void transition(
      String arn,
      List<HistoryEvent> events,
      String nextState,
      Object nextInput,
      Map<String, Object> variables) {
    write(
        () -> {
          insertEvents(arn, events);
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE executions SET next_state=?, next_input=?, variables=? WHERE arn=?")) {
            p.setString(1, nextState);
            p.setString(2, Json.write(nextInput));
            p.setString(3, Json.write(variables));
            p.setString(4, arn);
            p.executeUpdate();
          }
        });
  }

  @Override
  public synchronized void finish(
      String arn,
      List<HistoryEvent> events,
      String status,
      Object output,
      String error,
      String cause) {
    write(
        () -> {
          insertEvents(arn, events);
          try (PreparedStatement p =
              db.prepareStatement(
                  "UPDATE executions SET status=?, output=?, error=?, cause=?, stopped=? WHERE arn=?")) {
            p.setString(1, status);
            p.setString(2, status.equals("SUCCEEDED") ? Json.write(output) : null);
            p.setString(3, error);
            p.setString(4, cause);
            long stopped =
                events.isEmpty()
                    ? System.currentTimeMillis()
                    : events.get(events.size() - 1).timestamp().toEpochMilli();
            p.setLong(5, stopped);
            p.setString(6, arn);
            p.executeUpdate();
          }
        });
  }

  @Override
  public synchronized Optional<Object> journaled(String arn, String key) {
    if (dead) {
      throw new EngineKilled();
    }
    try (PreparedStatement p =
        db.prepareStatement("SELECT result FROM journal WHERE arn=? AND key=?")) {
      p.setString(1, arn);
      p.setString(2, key);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.ofNullable(Json.parse(r.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void journal(
      String arn, List<HistoryEvent> events, String key, Object result) {
    write(
        () -> {
          insertEvents(arn, events);
          try (PreparedStatement p =
              db.prepareStatement("INSERT OR REPLACE INTO journal VALUES(?,?,?)")) {
            p.setString(1, arn);
            p.setString(2, key);
            p.setString(3, Json.write(result));
            p.executeUpdate();
          }
        });
  }

  private void insertEvents(String arn, List<HistoryEvent> events) throws SQLException {
    try (PreparedStatement p =
        db.prepareStatement("INSERT OR REPLACE INTO events VALUES(?,?,?,?,?)")) {
      for (HistoryEvent e : events) {
        p.setString(1, arn);
        p.setLong(2, e.id());
        p.setString(3, e.type());
        p.setLong(4, e.timestamp().toEpochMilli());
        p.setString(5, Json.write(new LinkedHashMap<>(e.details())));
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private interface Sql {
    void run() throws SQLException;
  }

  private void write(Sql work) {
    if (dead) {
      throw new EngineKilled();
    }
    try {
      work.run();
      db.commit();
    } catch (SQLException e) {
      try {
        db.rollback();
      } catch (SQLException ignored) {
        // the original failure is what matters
      }
      throw new IllegalStateException("Step Functions database write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      db.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
