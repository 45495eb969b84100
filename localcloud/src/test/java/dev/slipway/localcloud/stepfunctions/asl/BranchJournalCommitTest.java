package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.CallbackRegistry;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionDriver;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionIdentity;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionRun;
import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionStore;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A branch task's TaskSucceeded must reach the store in the same write as its journal entry. If a
 * concurrent iteration's commit carried it alone and the engine died before the journal write, the
 * resumed run would find the result committed in the history but not in the journal and run the
 * task again. All iterations of a wide Map complete at the same moment, so their journal writes
 * race; every write is checked.
 */
class BranchJournalCommitTest {
  static final int ITEMS = 16;
  static final String DEFINITION =
      """
      {"StartAt":"Fan","States":{
        "Fan":{"Type":"Map","ItemsPath":"$.items",
               "ItemProcessor":{"StartAt":"Item","States":{
                 "Item":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
               "End":true}}}
      """;

  /** Records what each store write carries. */
  static final class RecordingStore implements ExecutionStore {
    final List<String> violations = new ArrayList<>();
    int journaled;

    private static long succeeded(List<HistoryEvent> events) {
      return events.stream().filter(e -> e.type().equals("TaskSucceeded")).count();
    }

    @Override
    public synchronized void transition(
        String arn, List<HistoryEvent> e, String s, Object i, Map<String, Object> v) {
      check("transition", e, 0);
    }

    @Override
    public synchronized void finish(
        String arn, List<HistoryEvent> e, String st, Object o, String err, String c) {
      check("finish", e, 0);
    }

    @Override
    public Optional<Object> journaled(String arn, String key) {
      return Optional.empty();
    }

    @Override
    public synchronized void journal(String arn, List<HistoryEvent> e, String key, Object result) {
      journaled++;
      check("journal " + key, e, 1);
    }

    private void check(String write, List<HistoryEvent> events, long expected) {
      long n = succeeded(events);
      if (n != expected) {
        violations.add(write + " carried " + n + " TaskSucceeded events, expected " + expected);
      }
    }
  }

  static IntStream rounds() {
    return IntStream.range(0, 100);
  }

  @ParameterizedTest
  @MethodSource("rounds")
  @Timeout(30)
  void everyBranchTaskResultIsCommittedWithItsJournalEntry(int round) {
    List<CompletableFuture<Object>> calls = new ArrayList<>();
    TaskDispatcher dispatcher =
        inv -> {
          CompletableFuture<Object> f = new CompletableFuture<>();
          synchronized (calls) {
            calls.add(f);
            if (calls.size() == ITEMS) {
              // release every iteration at once so their commits race
              calls.forEach(c -> c.complete(Map.of("n", 1L)));
            }
          }
          return f;
        };
    RecordingStore store = new RecordingStore();
    VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
    StateMachine machine = DefinitionParser.parse(DEFINITION);
    Object input =
        Json.parse("{\"items\":" + Json.write(IntStream.range(0, ITEMS).boxed().toList()) + "}");
    ExecutionIdentity id =
        new ExecutionIdentity(
            "arn:aws:states:us-east-1:111111111111:execution:Journal:run-" + round,
            "run-" + round,
            "arn:aws:states:us-east-1:111111111111:stateMachine:Journal",
            "Journal",
            "arn:aws:iam::111111111111:role/journal",
            clock.now(),
            input);
    ExecutionRun run =
        new ExecutionRun(id, clock, dispatcher, new CallbackRegistry(), store, List.of());
    ExecutionResult r =
        new ExecutionDriver().run(run, machine, machine.startAt(), input, Map.of(), true);

    assertThat(r.status()).isEqualTo("SUCCEEDED");
    assertThat(store.journaled).isEqualTo(ITEMS);
    assertThat(store.violations).isEmpty();
  }
}
