package dev.slipway.localcloud.secretsmanager;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.StateDatabase;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetRandomPasswordResponse;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsRequest;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * Secrets Manager: secrets with a current version, kept in the state database. Values never appear
 * in logs: the SDK's response objects redact them in {@code toString()}.
 */
public final class LocalSecretsManager {
  private static final String CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

  private final StateDatabase db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Uses the given database and clock. */
  public LocalSecretsManager(StateDatabase db, Clock clock) {
    this.db = db;
    this.clock = clock;
    db.schema(
        "CREATE TABLE IF NOT EXISTS sm_secrets (name TEXT PRIMARY KEY, arn TEXT NOT NULL,"
            + " description TEXT, value_string TEXT, value_binary BLOB, version_id TEXT,"
            + " created_ms INTEGER, changed_ms INTEGER)");
  }

  private record Secret(
      String name,
      String arn,
      String description,
      String string,
      byte[] binary,
      String versionId,
      Instant created,
      Instant changed) {}

  public CreateSecretResponse createSecret(CreateSecretRequest r) {
    String name = AwsErrors.required(r.name(), "name");
    if (find(name) != null) {
      throw AwsErrors.of(
          ResourceExistsException.builder(),
          400,
          "ResourceExistsException",
          "The operation failed because the secret " + name + " already exists.");
    }
    String arn = LocalAws.arn("secretsmanager", "secret:" + name + "-" + suffix());
    String version =
        r.clientRequestToken() != null ? r.clientRequestToken() : UUID.randomUUID().toString();
    long now = clock.millis();
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("INSERT INTO sm_secrets VALUES (?,?,?,?,?,?,?,?)")) {
            s.setString(1, name);
            s.setString(2, arn);
            s.setString(3, r.description());
            s.setString(4, r.secretString());
            s.setBytes(5, r.secretBinary() == null ? null : r.secretBinary().asByteArray());
            s.setString(6, version);
            s.setLong(7, now);
            s.setLong(8, now);
            return s.executeUpdate();
          }
        });
    return CreateSecretResponse.builder().arn(arn).name(name).versionId(version).build();
  }

  public GetSecretValueResponse getSecretValue(GetSecretValueRequest r) {
    Secret s = require(AwsErrors.required(r.secretId(), "secretId"));
    if (r.versionStage() != null && !r.versionStage().equals("AWSCURRENT")) {
      throw notFound(
          "Secrets Manager can't find the specified secret value for staging label: "
              + r.versionStage());
    }
    if (s.string() == null && s.binary() == null) {
      throw notFound(
          "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT");
    }
    return GetSecretValueResponse.builder()
        .arn(s.arn())
        .name(s.name())
        .versionId(s.versionId())
        .secretString(s.string())
        .secretBinary(s.binary() == null ? null : SdkBytes.fromByteArray(s.binary()))
        .versionStages("AWSCURRENT")
        .createdDate(s.changed())
        .build();
  }

  public PutSecretValueResponse putSecretValue(PutSecretValueRequest r) {
    Secret s = require(AwsErrors.required(r.secretId(), "secretId"));
    String version =
        r.clientRequestToken() != null ? r.clientRequestToken() : UUID.randomUUID().toString();
    db.transaction(
        c -> {
          try (PreparedStatement st =
              c.prepareStatement(
                  "UPDATE sm_secrets SET value_string=?, value_binary=?, version_id=?, changed_ms=?"
                      + " WHERE name=?")) {
            st.setString(1, r.secretString());
            st.setBytes(2, r.secretBinary() == null ? null : r.secretBinary().asByteArray());
            st.setString(3, version);
            st.setLong(4, clock.millis());
            st.setString(5, s.name());
            return st.executeUpdate();
          }
        });
    return PutSecretValueResponse.builder()
        .arn(s.arn())
        .name(s.name())
        .versionId(version)
        .versionStages("AWSCURRENT")
        .build();
  }

  public DescribeSecretResponse describeSecret(DescribeSecretRequest r) {
    Secret s = require(AwsErrors.required(r.secretId(), "secretId"));
    return DescribeSecretResponse.builder()
        .arn(s.arn())
        .name(s.name())
        .description(s.description())
        .createdDate(s.created())
        .lastChangedDate(s.changed())
        .build();
  }

  public ListSecretsResponse listSecrets(ListSecretsRequest r) {
    List<SecretListEntry> entries = new ArrayList<>();
    for (Secret s : all()) {
      entries.add(
          SecretListEntry.builder()
              .arn(s.arn())
              .name(s.name())
              .description(s.description())
              .createdDate(s.created())
              .lastChangedDate(s.changed())
              .build());
    }
    return ListSecretsResponse.builder().secretList(entries).build();
  }

  public DeleteSecretResponse deleteSecret(DeleteSecretRequest r) {
    Secret s = require(AwsErrors.required(r.secretId(), "secretId"));
    db.transaction(
        c -> {
          try (PreparedStatement st = c.prepareStatement("DELETE FROM sm_secrets WHERE name=?")) {
            st.setString(1, s.name());
            return st.executeUpdate();
          }
        });
    return DeleteSecretResponse.builder()
        .arn(s.arn())
        .name(s.name())
        .deletionDate(clock.instant())
        .build();
  }

  public GetRandomPasswordResponse getRandomPassword(GetRandomPasswordRequest r) {
    return GetRandomPasswordResponse.builder()
        .randomPassword(
            generate(
                r.passwordLength() == null ? 32 : r.passwordLength().intValue(),
                Boolean.TRUE.equals(r.excludePunctuation()),
                r.excludeCharacters()))
        .build();
  }

  /** A random value as {@code GenerateSecretString} makes one (letters, digits, punctuation). */
  public String generate(int length, boolean excludePunctuation, String excludeCharacters) {
    if (length < 1 || length > 4096) {
      throw AwsErrors.of(
          InvalidRequestException.builder(),
          400,
          "InvalidParameterException",
          "PasswordLength must be between 1 and 4096, got " + length);
    }
    String alphabet = excludePunctuation ? CHARS : CHARS + PUNCTUATION;
    if (excludeCharacters != null) {
      StringBuilder kept = new StringBuilder();
      alphabet
          .chars()
          .filter(ch -> excludeCharacters.indexOf(ch) < 0)
          .forEach(kept::appendCodePoint);
      alphabet = kept.toString();
    }
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }

  private Secret require(String idOrArn) {
    Secret s = find(idOrArn);
    if (s == null) {
      throw notFound("Secrets Manager can't find the specified secret.");
    }
    return s;
  }

  private static ResourceNotFoundException notFound(String message) {
    return AwsErrors.of(
        ResourceNotFoundException.builder(), 400, "ResourceNotFoundException", message);
  }

  private Secret find(String idOrArn) {
    return all().stream()
        .filter(s -> s.name().equals(idOrArn) || s.arn().equals(idOrArn) || partialArn(s, idOrArn))
        .findFirst()
        .orElse(null);
  }

  /** AWS also accepts the ARN without its random 6-character suffix. */
  private static boolean partialArn(Secret s, String id) {
    return id.startsWith("arn:")
        && s.arn().startsWith(id + "-")
        && s.arn().length() == id.length() + 7;
  }

  private List<Secret> all() {
    return db.transaction(
        c -> {
          List<Secret> out = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement("SELECT * FROM sm_secrets ORDER BY name");
              ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              out.add(
                  new Secret(
                      rs.getString("name"),
                      rs.getString("arn"),
                      rs.getString("description"),
                      rs.getString("value_string"),
                      rs.getBytes("value_binary"),
                      rs.getString("version_id"),
                      Instant.ofEpochMilli(rs.getLong("created_ms")),
                      Instant.ofEpochMilli(rs.getLong("changed_ms"))));
            }
          }
          return out;
        });
  }

  private String suffix() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      s.append(CHARS.charAt(random.nextInt(CHARS.length())));
    }
    return s.toString();
  }
}
