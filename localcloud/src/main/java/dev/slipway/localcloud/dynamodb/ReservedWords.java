package dev.slipway.localcloud.dynamodb;

import java.util.Locale;
import java.util.Set;

/**
 * DynamoDB reserved words that commonly collide with attribute names (a subset of the developer
 * guide's list "Reserved words in DynamoDB"): using one unescaped fails on AWS, so it fails here.
 */
final class ReservedWords {
  private static final Set<String> WORDS =
      Set.of(
          "ACTION",
          "ALL",
          "AS",
          "ASC",
          "AT",
          "BY",
          "CASE",
          "CAST",
          "COMMENT",
          "COMMIT",
          "CONNECTION",
          "COUNT",
          "CURRENT",
          "DATA",
          "DATE",
          "DAY",
          "DELETE",
          "DESC",
          "DURATION",
          "END",
          "ERROR",
          "EXISTS",
          "FROM",
          "GROUP",
          "HASH",
          "HOUR",
          "INDEX",
          "ITEM",
          "ITEMS",
          "KEY",
          "KEYS",
          "LEVEL",
          "LIMIT",
          "LOCK",
          "MINUTE",
          "MONTH",
          "NAME",
          "NULL",
          "NUMBER",
          "OF",
          "ORDER",
          "PATH",
          "RANGE",
          "RECORD",
          "REPLACE",
          "RETURN",
          "ROLE",
          "SECOND",
          "SELECT",
          "SESSION",
          "SET",
          "SIZE",
          "SOURCE",
          "STATE",
          "STATUS",
          "STRING",
          "TABLE",
          "TIME",
          "TIMESTAMP",
          "TO",
          "TTL",
          "TYPE",
          "UPDATE",
          "USER",
          "USERS",
          "VALUE",
          "VALUES",
          "VIEW",
          "WHEN",
          "WHERE",
          "YEAR",
          "ZONE");

  private ReservedWords() {}

  static boolean contains(String word) {
    return WORDS.contains(word.toUpperCase(Locale.ROOT));
  }
}
