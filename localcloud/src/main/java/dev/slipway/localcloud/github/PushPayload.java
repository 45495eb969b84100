package dev.slipway.localcloud.github;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * GitHub's {@code push} webhook payload for one ref update, built from the bare repository (the
 * shape of GitHub's documented payload: ref, before, after, created, deleted, forced, compare,
 * commits with added/removed/modified, head_commit, repository, pusher, sender).
 */
final class PushPayload {
  static final String ZERO = "0000000000000000000000000000000000000000";

  /** GitHub lists at most 20 commits in a push payload. */
  private static final int MAX_COMMITS = 20;

  private PushPayload() {}

  static ObjectNode build(
      Path repo, String fullName, String before, String after, String ref, String pusher)
      throws IOException {
    String html = "https://github.com/" + fullName;
    ObjectNode p = Json.MAPPER.createObjectNode();
    boolean deleted = after.equals(ZERO);
    boolean created = before.equals(ZERO);
    p.put("ref", ref);
    p.put("before", before);
    p.put("after", after);
    p.put("created", created);
    p.put("deleted", deleted);
    p.put("forced", !created && !deleted && !ancestor(repo, before, after));
    p.putNull("base_ref");
    p.put("compare", html + "/compare/" + before.substring(0, 12) + "..." + after.substring(0, 12));
    ArrayNode commits = p.putArray("commits");
    if (!deleted) {
      String range = created ? after : before + ".." + after;
      List<String> shas =
          Git.run(repo, "rev-list", "--reverse", "--max-count=" + MAX_COMMITS, range)
              .lines()
              .toList();
      for (String sha : shas) {
        commits.add(commit(repo, sha, html));
      }
      p.set("head_commit", commit(repo, after, html));
    } else {
      p.putNull("head_commit");
    }
    ObjectNode repository = p.putObject("repository");
    String[] parts = fullName.split("/", 2);
    repository.put("id", Math.abs((long) fullName.hashCode()));
    repository.put("name", parts.length > 1 ? parts[1] : fullName);
    repository.put("full_name", fullName);
    repository.put("private", true);
    ObjectNode owner = repository.putObject("owner");
    owner.put("name", parts[0]);
    owner.put("login", parts[0]);
    repository.put("html_url", html);
    repository.put("url", html);
    repository.put("clone_url", repo.toUri().toString());
    repository.put("default_branch", "main");
    repository.put("master_branch", "main");
    p.putObject("pusher").put("name", pusher).put("email", pusher + "@localhost");
    p.putObject("sender").put("login", pusher).put("type", "User");
    return p;
  }

  private static boolean ancestor(Path repo, String before, String after) {
    try {
      Git.run(repo, "merge-base", "--is-ancestor", before, after);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static ObjectNode commit(Path repo, String sha, String html) throws IOException {
    List<String> f =
        Git.run(repo, "show", "-s", "--format=%H%n%T%n%an%n%ae%n%cn%n%ce%n%aI%n%B", sha)
            .lines()
            .toList();
    ObjectNode c = Json.MAPPER.createObjectNode();
    c.put("id", f.get(0));
    c.put("tree_id", f.get(1));
    c.put("distinct", true);
    c.put("message", String.join("\n", f.subList(7, f.size())).strip());
    c.put("timestamp", f.get(6));
    c.put("url", html + "/commit/" + f.get(0));
    c.putObject("author").put("name", f.get(2)).put("email", f.get(3)).put("username", f.get(2));
    c.putObject("committer").put("name", f.get(4)).put("email", f.get(5)).put("username", f.get(4));
    ArrayNode added = c.putArray("added");
    ArrayNode removed = c.putArray("removed");
    ArrayNode modified = c.putArray("modified");
    for (String line :
        Git.run(repo, "diff-tree", "--no-commit-id", "--name-status", "-r", "--root", sha)
            .lines()
            .toList()) {
      String[] cols = line.split("\t");
      if (cols.length < 2) {
        continue;
      }
      switch (cols[0].charAt(0)) {
        case 'A' -> added.add(cols[1]);
        case 'D' -> removed.add(cols[1]);
        case 'R' -> {
          removed.add(cols[1]);
          added.add(cols[cols.length - 1]);
        }
        default -> modified.add(cols[1]);
      }
    }
    return c;
  }
}
