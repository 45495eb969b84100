package dev.slipway.localcloud.demo;

import dev.slipway.localcloud.containers.HostCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A developer's working copy of the sample service: its own git repository (the service at the
 * root, as on GitHub), committed to and pushed with a real {@code git push} to local mode's bare
 * repository, whose hook sends the webhook.
 */
public final class ServiceRepository {
  private final Path dir;
  private final Path remote;

  private ServiceRepository(Path dir, Path remote) {
    this.dir = dir;
    this.remote = remote;
  }

  /**
   * A fresh working copy in {@code dir} with the files of {@code source} (without build output),
   * whose {@code origin} is {@code remote}. Nothing is committed yet.
   */
  public static ServiceRepository create(Path source, Path dir, Path remote) {
    if (!Files.isRegularFile(source.resolve("buildspec.yml"))) {
      throw new IllegalArgumentException(
          source + " is not a service repository (no buildspec.yml at its root)");
    }
    try {
      deleteTree(dir);
      try (Stream<Path> files = Files.walk(source)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Path rel = source.relativize(f);
          if (rel.startsWith("target") || rel.startsWith(".git")) {
            continue;
          }
          Path to = dir.resolve(rel.toString());
          Files.createDirectories(to.getParent());
          Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.writeString(dir.resolve(".gitignore"), "target/\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + dir, e);
    }
    ServiceRepository repo = new ServiceRepository(dir, remote);
    repo.git("init", "-q", "-b", "main");
    repo.git("remote", "add", "origin", remote.toString());
    return repo;
  }

  /** An existing working copy in {@code dir} whose {@code origin} is {@code remote}. */
  public static ServiceRepository open(Path dir, Path remote) {
    if (!Files.isDirectory(dir.resolve(".git"))) {
      throw new IllegalArgumentException(dir + " is not a git working copy");
    }
    return new ServiceRepository(dir, remote);
  }

  /** Whether the (bare) repository {@code gitDir} has the branch. */
  public static boolean hasBranch(Path gitDir, String branch) {
    return branchHead(gitDir, branch).isPresent();
  }

  /** The commit a branch of the (bare) repository {@code gitDir} points at, if it has it. */
  public static Optional<String> branchHead(Path gitDir, String branch) {
    if (!Files.isDirectory(gitDir)) {
      return Optional.empty();
    }
    var result =
        HostCommand.of(
                "git",
                "--git-dir",
                gitDir.toString(),
                "rev-parse",
                "--verify",
                "-q",
                "refs/heads/" + branch)
            .timeout(Duration.ofSeconds(30))
            .run();
    return result.succeeded() ? Optional.of(result.stdout().strip()) : Optional.empty();
  }

  /** Whether commit {@code sha} is HEAD of the working copy {@code dir} or one of its ancestors. */
  public static boolean hasInHistory(Path dir, String sha) {
    return Files.isDirectory(dir.resolve(".git"))
        && HostCommand.of("git", "-C", dir.toString(), "merge-base", "--is-ancestor", sha, "HEAD")
            .timeout(Duration.ofSeconds(30))
            .run()
            .succeeded();
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code content} to {@code file} (relative to the repository root). */
  public ServiceRepository write(String file, String content) {
    try {
      Files.writeString(dir.resolve(file), content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Sets one fault switch in the committed {@code faults.properties}. */
  public ServiceRepository setFault(String key, String value) {
    try {
      Path file = dir.resolve("faults.properties");
      List<String> lines = new ArrayList<>();
      boolean found = false;
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key + "=")) {
          lines.add(key + "=" + value);
          found = true;
        } else {
          lines.add(line);
        }
      }
      if (!found) {
        throw new IllegalArgumentException("faults.properties has no switch " + key);
      }
      Files.write(file, lines);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot edit faults.properties", e);
    }
  }

  /** Commits everything; returns the new commit's full SHA. */
  public String commit(String message) {
    git("add", "-A");
    git(
        "-c",
        "user.name=Slipway Demo",
        "-c",
        "user.email=demo@slipway.invalid",
        "commit",
        "--allow-empty",
        "-q",
        "-m",
        message);
    return git("rev-parse", "HEAD").strip();
  }

  /**
   * {@code git push origin main}: the remote's hook sends the push webhook. Returns what the remote
   * printed (the hook's {@code remote:} lines: the webhook's delivery and answer).
   */
  public String push() {
    var result =
        HostCommand.of("git", "-C", dir.toString(), "push", "-q", "origin", "main")
            .timeout(Duration.ofSeconds(120))
            .run();
    if (!result.succeeded()) {
      throw new IllegalStateException("git push to " + remote + " failed: " + result.outputTail());
    }
    return result.stderr().strip();
  }

  private String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    return HostCommand.of(command)
        .timeout(Duration.ofSeconds(60))
        .runOrThrow("git " + String.join(" ", args));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
