package dev.slipway.localcloud.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints (and follows) the logs of functions, builds and local mode itself. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Print the logs of a function (by name part), a build, or local mode itself; -f follows them.")
final class LogsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(
      arity = "0..1",
      paramLabel = "NAME",
      description = "Part of a log's name (a function name, `localcloud`). Default: all.")
  String name;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines.")
  boolean follow;

  @Override
  public Integer call() throws Exception {
    Path logs = common.stateDir().resolve("logs");
    List<Path> files;
    try (Stream<Path> all = Files.exists(logs) ? Files.walk(logs) : Stream.empty()) {
      files =
          all.filter(p -> p.toString().endsWith(".log"))
              .filter(p -> name == null || p.getFileName().toString().contains(name))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      System.out.println("no logs" + (name == null ? "" : " matching " + name) + " in " + logs);
      return name == null ? 0 : 1;
    }
    long[] offsets = new long[files.size()];
    do {
      for (int i = 0; i < files.size(); i++) {
        offsets[i] = print(files.get(i), offsets[i], files.size() > 1);
      }
      if (follow) {
        Thread.sleep(500);
      }
    } while (follow);
    return 0;
  }

  private static long print(Path file, long offset, boolean prefix) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      if (f.length() <= offset) {
        return offset;
      }
      f.seek(offset);
      byte[] bytes = new byte[(int) (f.length() - offset)];
      f.readFully(bytes);
      String label = file.getFileName().toString().replace(".log", "");
      for (String line : new String(bytes, StandardCharsets.UTF_8).lines().toList()) {
        System.out.println(prefix ? "[" + label + "] " + line : line);
      }
      return f.length();
    }
  }
}
