package dev.slipway.localcloud.events;

import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Pending target deliveries, persisted so none is lost across a restart: EventBridge delivers at
 * least once, retrying a failed target with exponential backoff until the rule target's RetryPolicy
 * (attempts, maximum event age) is spent. A delivery the target refuses for missing permissions is
 * not retried: EventBridge sends such an event to the dead-letter queue at once, or drops it
 * ("Using dead-letter queues to process undelivered events", EventBridge User Guide).
 */
final class DeliveryQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DeliveryQueue.class.getName());

  private final StateDatabase db;
  private final Clock clock;
  private final TargetInvoker invoker;
  private final Duration firstBackoff;
  private final Thread worker;
  private volatile boolean closed;

  record Delivery(
      String id,
      String arn,
      String roleArn,
      String ruleArn,
      String input,
      int attempts,
      int maxAttempts,
      long expiresMs) {}

  DeliveryQueue(StateDatabase db, Clock clock, TargetInvoker invoker, Duration firstBackoff) {
    this.db = db;
    this.clock = clock;
    this.invoker = invoker;
    this.firstBackoff = firstBackoff;
    db.schema(
        "CREATE TABLE IF NOT EXISTS eb_deliveries (id TEXT PRIMARY KEY, arn TEXT NOT NULL, input"
            + " TEXT NOT NULL, attempts INTEGER NOT NULL, max_attempts INTEGER NOT NULL, next_ms"
            + " INTEGER NOT NULL, expires_ms INTEGER NOT NULL)");
    addColumn(db, "role_arn");
    addColumn(db, "rule_arn");
    worker = Thread.ofVirtual().name("eventbridge-delivery").start(this::run);
  }

  /**
   * A state database from before targets' roles and rules were kept gets the column (null there).
   */
  private static void addColumn(StateDatabase db, String column) {
    boolean present =
        db.transaction(
            c -> {
              try (PreparedStatement s = c.prepareStatement("PRAGMA table_info(eb_deliveries)");
                  ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                  if (rs.getString("name").equals(column)) {
                    return true;
                  }
                }
                return false;
              }
            });
    if (!present) {
      db.schema("ALTER TABLE eb_deliveries ADD COLUMN " + column + " TEXT");
    }
  }

  /** Queues one delivery, to be tried at once. */
  void add(TargetInvoker.TargetCall call, int maxRetries, Duration maxAge) {
    long now = clock.millis();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO eb_deliveries (id, arn, input, attempts, max_attempts, next_ms,"
                      + " expires_ms, role_arn, rule_arn) VALUES (?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, UUID.randomUUID().toString());
            s.setString(2, call.arn());
            s.setString(3, call.input());
            s.setInt(4, 0);
            s.setInt(5, maxRetries + 1);
            s.setLong(6, now);
            s.setLong(7, now + maxAge.toMillis());
            s.setString(8, call.roleArn());
            s.setString(9, call.ruleArn());
            return s.executeUpdate();
          }
        });
    synchronized (this) {
      notifyAll();
    }
  }

  /** Deliveries not yet done (for status and tests). */
  int pending() {
    return due(Long.MAX_VALUE).size();
  }

  private void run() {
    while (!closed) {
      try {
        for (Delivery d : due(clock.millis())) {
          attempt(d);
        }
        synchronized (this) {
          wait(200);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warning("event delivery loop: " + e.getMessage());
      }
    }
  }

  private void attempt(Delivery d) {
    try {
      invoker.deliver(new TargetInvoker.TargetCall(d.arn(), d.roleArn(), d.ruleArn(), d.input()));
      delete(d.id());
    } catch (TargetInvoker.DeliveryRefused e) {
      // local mode has no dead-letter queues: the event is dropped, as without one on AWS
      LOG.warning(
          "dropping event for "
              + d.arn()
              + " without retrying ("
              + e.errorCode()
              + "): "
              + e.getMessage());
      delete(d.id());
    } catch (Exception e) {
      int attempts = d.attempts() + 1;
      long backoff = firstBackoff.toMillis() << Math.min(attempts - 1, 6);
      if (attempts >= d.maxAttempts() || clock.millis() + backoff > d.expiresMs()) {
        LOG.warning(
            "dropping event for "
                + d.arn()
                + " after "
                + attempts
                + " attempts: "
                + e.getMessage());
        delete(d.id());
      } else {
        LOG.info(
            "delivery to "
                + d.arn()
                + " failed ("
                + e.getMessage()
                + "); retry "
                + attempts
                + " in "
                + backoff
                + " ms");
        reschedule(d.id(), attempts, clock.millis() + backoff);
      }
    }
  }

  private List<Delivery> due(long now) {
    return db.transaction(
        c -> {
          List<Delivery> out = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT id, arn, role_arn, rule_arn, input, attempts, max_attempts, expires_ms"
                      + " FROM eb_deliveries WHERE next_ms <= ? ORDER BY next_ms")) {
            s.setLong(1, now);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Delivery(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getInt(7),
                        rs.getLong(8)));
              }
            }
          }
          return out;
        });
  }

  private void delete(String id) {
    db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM eb_deliveries WHERE id=?")) {
            s.setString(1, id);
            return s.executeUpdate();
          }
        });
  }

  private void reschedule(String id, int attempts, long next) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE eb_deliveries SET attempts=?, next_ms=? WHERE id=?")) {
            s.setInt(1, attempts);
            s.setLong(2, next);
            s.setString(3, id);
            return s.executeUpdate();
          }
        });
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
  }
}
