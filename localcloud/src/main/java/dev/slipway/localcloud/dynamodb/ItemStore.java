package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Tables and items in the state database; items are DynamoDB JSON keyed by their key strings. */
final class ItemStore {
  private final StateDatabase db;

  ItemStore(StateDatabase db) {
    this.db = db;
    db.schema(
        "CREATE TABLE IF NOT EXISTS ddb_tables (name TEXT PRIMARY KEY, definition TEXT NOT NULL,"
            + " ttl_attribute TEXT, created_ms INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS ddb_items (table_name TEXT NOT NULL, hk TEXT NOT NULL, rk TEXT"
            + " NOT NULL, item TEXT NOT NULL, PRIMARY KEY (table_name, hk, rk))");
  }

  TableDefinition table(String name) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT definition, ttl_attribute, created_ms FROM ddb_tables WHERE name=?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
              return rs.next()
                  ? new TableDefinition(
                      ItemCodec.tableFromJson(rs.getString(1)),
                      rs.getString(2),
                      Instant.ofEpochMilli(rs.getLong(3)))
                  : null;
            }
          }
        });
  }

  List<String> tableNames() {
    return db.transaction(
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement("SELECT name FROM ddb_tables ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(rs.getString(1));
            }
          }
          return out;
        });
  }

  void saveTable(TableDefinition t) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT OR REPLACE INTO ddb_tables VALUES (?,?,?,?)")) {
            s.setString(1, t.name());
            s.setString(2, ItemCodec.tableToJson(t.request()));
            s.setString(3, t.ttlAttribute());
            s.setLong(4, t.created().toEpochMilli());
            return s.executeUpdate();
          }
        });
  }

  void deleteTable(String name) {
    db.transaction(
        c -> {
          for (String sql :
              List.of(
                  "DELETE FROM ddb_items WHERE table_name=?",
                  "DELETE FROM ddb_tables WHERE name=?")) {
            try (PreparedStatement s = c.prepareStatement(sql)) {
              s.setString(1, name);
              s.executeUpdate();
            }
          }
          return null;
        });
  }

  Map<String, AttributeValue> get(String table, String hk, String rk) {
    List<Map<String, AttributeValue>> items =
        select("SELECT item FROM ddb_items WHERE table_name=? AND hk=? AND rk=?", table, hk, rk);
    return items.isEmpty() ? null : items.getFirst();
  }

  List<Map<String, AttributeValue>> partition(String table, String hk) {
    return select("SELECT item FROM ddb_items WHERE table_name=? AND hk=?", table, hk);
  }

  List<Map<String, AttributeValue>> all(String table) {
    return select("SELECT item FROM ddb_items WHERE table_name=? ORDER BY hk, rk", table);
  }

  void put(String table, String hk, String rk, Map<String, AttributeValue> item) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT OR REPLACE INTO ddb_items VALUES (?,?,?,?)")) {
            s.setString(1, table);
            s.setString(2, hk);
            s.setString(3, rk);
            s.setString(4, ItemCodec.itemToJson(item));
            return s.executeUpdate();
          }
        });
  }

  void delete(String table, String hk, String rk) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("DELETE FROM ddb_items WHERE table_name=? AND hk=? AND rk=?")) {
            s.setString(1, table);
            s.setString(2, hk);
            s.setString(3, rk);
            return s.executeUpdate();
          }
        });
  }

  private List<Map<String, AttributeValue>> select(String sql, String... args) {
    return db.transaction(
        c -> {
          List<Map<String, AttributeValue>> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(ItemCodec.itemFromJson(rs.getString(1)));
              }
            }
          }
          return out;
        });
  }
}
