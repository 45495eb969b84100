package dev.slipway.localcloud.iam;

import dev.slipway.localcloud.server.LocalAws;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The roles the deployed template defines, the policies attached to each, and the temporary
 * credentials local mode hands out for them: each function gets an access key id that names its
 * execution role's session, the way Lambda puts the role's credentials in the function's
 * environment. A request signed with such a key is made by that role; any other request (the CLI,
 * the console, tests) is an administrator's and is not evaluated.
 */
public final class Principals {
  /** A role: its ARN, inline and attached policies, and managed policy ARNs. */
  private static final class Role {
    final String arn;
    final Map<String, Policy> inline = new LinkedHashMap<>();
    final List<String> managedArns = new ArrayList<>();

    Role(String arn) {
      this.arn = arn;
    }
  }

  /**
   * The identity behind an access key: an assumed-role session.
   *
   * @param roleArn {@code arn:aws:iam::<account>:role/<name>}
   * @param sessionName the session (a function's name)
   */
  public record Session(String roleArn, String sessionName) {
    /**
     * {@code arn:aws:sts::<account>:assumed-role/<role name>/<session>}, as AWS names the caller.
     */
    public String principalArn() {
      String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
      return "arn:aws:sts::" + LocalAws.ACCOUNT_ID + ":assumed-role/" + name + "/" + sessionName;
    }
  }

  /**
   * Credentials as Lambda sets them: {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
   * {@code AWS_SESSION_TOKEN}.
   */
  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
    /** The three environment variables. */
    public Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("AWS_ACCESS_KEY_ID", accessKeyId);
      env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
      env.put("AWS_SESSION_TOKEN", sessionToken);
      return env;
    }
  }

  private final Map<String, Role> roles = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Policy>> attached = new ConcurrentHashMap<>();
  private final Map<String, Policy> managed = new ConcurrentHashMap<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, String> functionRoles = new ConcurrentHashMap<>();

  /** The ARN of a role by name (no path). */
  public static String roleArn(String name) {
    return "arn:aws:iam::" + LocalAws.ACCOUNT_ID + ":role/" + name;
  }

  /** Defines (or redefines, on redeploy) a role; its inline policies are replaced. */
  public void defineRole(String arn, List<Policy> inlinePolicies, List<String> managedPolicyArns) {
    Role role = new Role(arn);
    inlinePolicies.forEach(p -> role.inline.put(p.name(), p));
    role.managedArns.addAll(managedPolicyArns);
    roles.put(arn, role);
  }

  /**
   * Attaches a policy ({@code AWS::IAM::Policy}, or a managed policy's {@code Roles}) to a role.
   */
  public void attach(String roleNameOrArn, Policy policy) {
    attached
        .computeIfAbsent(arnOf(roleNameOrArn), r -> new ConcurrentHashMap<>())
        .put(policy.name(), policy);
  }

  /** Defines a managed policy by ARN (an {@code AWS::IAM::ManagedPolicy} of the template). */
  public void defineManagedPolicy(String arn, Policy policy) {
    managed.put(arn, policy);
  }

  /** Records which role a function runs with (its {@code Role} property). */
  public void functionRole(String functionName, String roleArn) {
    functionRoles.put(functionName, roleArn);
  }

  /** The role a function runs with, if the template gave it one. */
  public Optional<String> roleOfFunction(String functionName) {
    return Optional.ofNullable(functionRoles.get(functionName));
  }

  /** True when the template defines this role. */
  public boolean knows(String roleArn) {
    return roles.containsKey(roleArn);
  }

  /** Every identity policy of a role: inline, attached, then its managed policies. */
  public List<Policy> policiesOf(String roleArn) {
    List<Policy> out = new ArrayList<>();
    Role role = roles.get(roleArn);
    if (role != null) {
      out.addAll(role.inline.values());
    }
    out.addAll(attached.getOrDefault(roleArn, Map.of()).values());
    if (role != null) {
      for (String arn : role.managedArns) {
        Policy p = managed.get(arn);
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }

  /** Managed policy ARNs a role names that local mode has no document for. */
  public List<String> unknownManagedPolicies(String roleArn) {
    Role role = roles.get(roleArn);
    return role == null
        ? List.of()
        : role.managedArns.stream().filter(a -> !managed.containsKey(a)).toList();
  }

  /**
   * Temporary credentials for a role session. The key id is derived from the role and session, so a
   * function started before a restart of local mode is still recognised after it.
   */
  public Credentials credentials(String roleArn, String sessionName) {
    String digest = digest(roleArn + "|" + sessionName);
    String keyId = "ASIA" + digest.substring(0, 16);
    sessions.put(keyId, new Session(roleArn, sessionName));
    return new Credentials(
        keyId, digest.substring(16, 56), "local-session/" + digest.substring(0, 32));
  }

  /**
   * The session a service opens when it assumes a role for a caller: Step Functions for an
   * execution's tasks, EventBridge for a rule target. AWS names such a session with 32 random
   * letters ({@code assumed-role/<role>/GGzJDbzYyvarbIioekwoULLKpGuSfJRc}); here the letters are
   * derived from {@code seed} (the execution, the target), so one caller keeps one name.
   */
  public static Session serviceSession(String roleArn, String seed) {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    StringBuilder name = new StringBuilder();
    for (char c : digest(roleArn + "|" + seed).toCharArray()) {
      if (name.length() == 32) {
        break;
      }
      name.append(letters.charAt((c * 31 + name.length()) % letters.length()));
    }
    return new Session(roleArn, name.toString());
  }

  /** The session an access key id belongs to. */
  public Optional<Session> session(String accessKeyId) {
    return accessKeyId == null ? Optional.empty() : Optional.ofNullable(sessions.get(accessKeyId));
  }

  private static String arnOf(String roleNameOrArn) {
    return roleNameOrArn.startsWith("arn:") ? roleNameOrArn : roleArn(roleNameOrArn);
  }

  /** Upper-case base-32 text of SHA-256, as access key ids are spelled. */
  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
      StringBuilder out = new StringBuilder();
      for (byte b : hash) {
        out.append(alphabet.charAt((b & 0xff) % 32))
            .append(alphabet.charAt(((b & 0xff) >> 3) % 32));
      }
      return out.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
