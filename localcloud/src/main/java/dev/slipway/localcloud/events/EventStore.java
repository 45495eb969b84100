package dev.slipway.localcloud.events;

import dev.slipway.localcloud.protocol.SdkJson;
import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.model.PutRuleRequest;
import software.amazon.awssdk.services.eventbridge.model.Target;

/** Buses, rules (as their PutRule request) and targets in the state database. */
final class EventStore {
  private final StateDatabase db;

  EventStore(StateDatabase db) {
    this.db = db;
    db.schema(
        "CREATE TABLE IF NOT EXISTS eb_buses (name TEXT PRIMARY KEY)",
        "INSERT OR IGNORE INTO eb_buses VALUES ('default')",
        "CREATE TABLE IF NOT EXISTS eb_rules (bus TEXT NOT NULL, name TEXT NOT NULL, rule TEXT NOT"
            + " NULL, PRIMARY KEY (bus, name))",
        "CREATE TABLE IF NOT EXISTS eb_targets (bus TEXT NOT NULL, rule TEXT NOT NULL, id TEXT NOT"
            + " NULL, target TEXT NOT NULL, PRIMARY KEY (bus, rule, id))");
  }

  List<String> buses() {
    return strings("SELECT name FROM eb_buses ORDER BY name");
  }

  void putBus(String name) {
    db.update("INSERT OR IGNORE INTO eb_buses VALUES (?)", name);
  }

  void deleteBus(String name) {
    db.update("DELETE FROM eb_targets WHERE bus=?", name);
    db.update("DELETE FROM eb_rules WHERE bus=?", name);
    db.update("DELETE FROM eb_buses WHERE name=?", name);
  }

  List<PutRuleRequest> rules(String bus) {
    List<PutRuleRequest> out = new ArrayList<>();
    for (String json : strings("SELECT rule FROM eb_rules WHERE bus=? ORDER BY name", bus)) {
      out.add(SdkJson.read(json, PutRuleRequest.builder()));
    }
    return out;
  }

  void putRule(String bus, PutRuleRequest rule) {
    db.update(
        "INSERT OR REPLACE INTO eb_rules VALUES (?,?,?)", bus, rule.name(), SdkJson.write(rule));
  }

  void deleteRule(String bus, String name) {
    db.update("DELETE FROM eb_rules WHERE bus=? AND name=?", bus, name);
  }

  List<Target> targets(String bus, String rule) {
    List<Target> out = new ArrayList<>();
    for (String json :
        strings("SELECT target FROM eb_targets WHERE bus=? AND rule=? ORDER BY id", bus, rule)) {
      out.add(SdkJson.read(json, Target.builder()));
    }
    return out;
  }

  void putTarget(String bus, String rule, Target t) {
    db.update(
        "INSERT OR REPLACE INTO eb_targets VALUES (?,?,?,?)", bus, rule, t.id(), SdkJson.write(t));
  }

  void removeTarget(String bus, String rule, String id) {
    db.update("DELETE FROM eb_targets WHERE bus=? AND rule=? AND id=?", bus, rule, id);
  }

  private List<String> strings(String sql, String... args) {
    return db.transaction(
        c -> {
          List<String> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                out.add(rs.getString(1));
              }
            }
          }
          return out;
        });
  }
}
