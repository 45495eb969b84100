package dev.slipway.localcloud.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The embedded database (SQLite, one file under the state dir) the local services keep their state
 * in, so it survives a restart of {@code slipway up}. One connection, used one caller at a time:
 * local mode's load is small and SQLite serializes writers anyway.
 */
public final class StateDatabase implements AutoCloseable {
  private final Connection connection;

  /** Opens (creating if needed) the database file. */
  public StateDatabase(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = connection.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
        s.execute("PRAGMA busy_timeout=5000");
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot open the local state database " + file + ": " + e, e);
    }
  }

  /** Work against the connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs with the connection; SQL errors roll the transaction back. */
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in a transaction; SQL errors become IllegalStateException. */
  public synchronized <T> T transaction(Work<T> work) {
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("local state database error: " + e.getMessage(), e);
    }
  }

  /**
   * Runs one INSERT, UPDATE or DELETE with {@code args} as its string parameters, in a transaction
   * of its own; returns how many rows it changed.
   */
  public int update(String sql, String... args) {
    return transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setString(i + 1, args[i]);
            }
            return s.executeUpdate();
          }
        });
  }

  /** Runs DDL statements (CREATE TABLE IF NOT EXISTS …). */
  public void schema(String... statements) {
    transaction(
        c -> {
          try (Statement s = c.createStatement()) {
            for (String sql : statements) {
              s.execute(sql);
            }
          }
          return null;
        });
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing at shutdown: nothing left to do with the error
    }
  }
}
