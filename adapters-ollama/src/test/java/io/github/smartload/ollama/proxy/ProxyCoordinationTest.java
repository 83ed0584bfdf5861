package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Streaming and the load coordination, against an upstream whose every line the test controls. */
class ProxyCoordinationTest {

  private static final String BIG = "qwen2.5:14b";
  private static final String BIGGER = "command-r";

  private StreamingUpstream upstream;
  private ProxyHarness harness;

  @BeforeEach
  void startUpstream() throws IOException {
    upstream = new StreamingUpstream();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    upstream.close();
  }

  private String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  private CompletableFuture<String> send(Request request) {
    CompletableFuture<String> answer = new CompletableFuture<>();
    harness
        .client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                answer.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) throws IOException {
                try (response) {
                  answer.complete(response.code() + " " + response.body().string());
                }
              }
            });
    return answer;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10s");
      }
      Thread.sleep(5);
    }
  }

  private String status() throws IOException {
    try (Response response = harness.client.newCall(harness.get("/smartload/status")).execute()) {
      return response.body().string();
    }
  }

  /**
   * BIG (resident, 9 GB) answers a chat whose stream stops after its first line until {@code
   * finish} opens (or {@code hold} passes); BIGGER (18 GB) is installed and fits only without BIG.
   */
  private CompletableFuture<String> bigStreamingUntil(CountDownLatch finish, Duration hold)
      throws InterruptedException {
    harness.inner.install(BIGGER, "18").resident(BIG, "9", Duration.ofMinutes(10));
    upstream.beforeLine =
        (model, index) -> {
          if (model.equals(BIG) && index == 1) {
            finish.await(hold.toSeconds(), TimeUnit.SECONDS);
          }
        };
    CompletableFuture<String> busy = send(harness.post("/api/chat", chat(BIG)));
    await(() -> upstream.models.contains(BIG));
    return busy;
  }

  /** A leader's load of BIGGER waiting for busy BIG, and a second request joined to that load. */
  private record LeaderAndJoined(Call leader, CompletableFuture<String> joined) {}

  /** With BIG streaming: a leader asks for BIGGER and waits, and a second request joins it. */
  private LeaderAndJoined leaderForBiggerWithOneJoined() throws InterruptedException {
    Call leader = harness.client.newCall(harness.post("/api/chat", chat(BIGGER)));
    leader.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {}

          @Override
          public void onResponse(Call call, Response response) {
            response.close();
          }
        });
    await(() -> harness.info.stream().anyMatch(line -> line.startsWith("waiting for " + BIG)));
    CompletableFuture<String> joined = send(harness.post("/api/generate", chat(BIGGER)));
    await(() -> statusContains("\"command-r:latest\":2"));
    return new LeaderAndJoined(leader, joined);
  }

  @Test
  void streamsEachLineToTheClientBeforeTheNextIsProduced() throws Exception {
    harness = new ProxyHarness("32", "25.5", upstream.url());
    harness.inner.install("qwen3:8b", "5.2");
    CountDownLatch clientSawFirst = new CountDownLatch(1);
    AtomicBoolean secondWaitedForClient = new AtomicBoolean();
    upstream.beforeLine =
        (model, index) -> {
          if (index == 1) {
            secondWaitedForClient.set(clientSawFirst.await(10, TimeUnit.SECONDS));
          }
        };

    try (Response response =
        harness.client.newCall(harness.post("/api/chat", chat("qwen3:8b"))).execute()) {
      BufferedSource body = response.body().source();
      assertThat(body.readUtf8Line()).contains("\"content\":\"0\"");
      clientSawFirst.countDown();
      assertThat(body.readUtf8Line()).contains("\"content\":\"1\"");
      assertThat(body.readUtf8Line()).contains("\"done\":true");
      assertThat(response.header("Content-Type")).isEqualTo("application/x-ndjson");
    }
    assertThat(secondWaitedForClient).isTrue();
  }

  @Test
  void aClientThatHangsUpCancelsTheUpstreamCall() throws Exception {
    harness = new ProxyHarness("32", "25.5", upstream.url());
    harness.inner.install("qwen3:8b", "5.2");
    upstream.lines = 1_000_000;
    CountDownLatch hungUp = new CountDownLatch(1);
    upstream.beforeLine =
        (model, index) -> {
          if (index == 1) {
            hungUp.await(10, TimeUnit.SECONDS);
          }
        };

    Response response =
        harness.client.newCall(harness.post("/api/chat", chat("qwen3:8b"))).execute();
    assertThat(response.body().source().readUtf8Line()).contains("\"content\":\"0\"");
    response.close();
    hungUp.countDown();

    assertThat(upstream.awaitWriteFailure()).isTrue();
    await(() -> !harness.info.isEmpty());
    assertThat(harness.info).anyMatch(line -> line.startsWith("POST /api/chat qwen3:8b 499"));
  }

  @Test
  void neverUnloadsABusyModelAndLoadsOnceItIsIdle() throws Exception {
    harness = new ProxyHarness("32", "23", upstream.url());
    harness.inner.install(BIGGER, "18").resident(BIG, "9", Duration.ofMinutes(10));
    CountDownLatch finishFirst = new CountDownLatch(1);
    List<String> residentWhileStreaming = new ArrayList<>();
    upstream.beforeLine =
        (model, index) -> {
          if (model.equals(BIG)) {
            synchronized (residentWhileStreaming) {
              residentWhileStreaming.add(
                  harness.runtime.residentNames().contains(ModelName.parse(BIG)) + "");
            }
            if (index == 1) {
              finishFirst.await(10, TimeUnit.SECONDS);
            }
          }
        };

    CompletableFuture<String> first = send(harness.post("/api/chat", chat(BIG)));
    await(() -> upstream.models.contains(BIG));
    CompletableFuture<String> second = send(harness.post("/api/chat", chat(BIGGER)));
    await(() -> harness.info.stream().anyMatch(line -> line.startsWith("waiting for " + BIG)));
    assertThat(status()).contains("\"in_flight\":{\"" + BIG + "\":1}", "\"command-r:latest\":1");
    assertThat(harness.runtime.calls()).noneMatch(call -> call.startsWith("unload"));

    finishFirst.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("200 ").contains("\"done\":true");
    assertThat(second.get(10, TimeUnit.SECONDS)).startsWith("200 ").contains("\"done\":true");
    assertThat(residentWhileStreaming).containsOnly("true").hasSize(3);
    assertThat(harness.runtime.calls())
        .containsSubsequence("unload " + BIG, "load command-r:latest 15m");
  }

  @Test
  void aLeaderWhoseClientLeavesStillLoadsForThoseWhoJoinedIt() throws Exception {
    harness = new ProxyHarness("32", "23", upstream.url());
    CountDownLatch finishFirst = new CountDownLatch(1);
    CompletableFuture<String> busy = bigStreamingUntil(finishFirst, Duration.ofSeconds(10));
    LeaderAndJoined waiting = leaderForBiggerWithOneJoined();
    Call leader = waiting.leader();
    CompletableFuture<String> joined = waiting.joined();

    leader.cancel();
    // Nothing observable happens when the proxy notices (it polls every 50 ms): give it time to.
    Thread.sleep(300);
    finishFirst.countDown();

    assertThat(busy.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    assertThat(joined.get(10, TimeUnit.SECONDS)).startsWith("200 ").contains("\"done\":true");
    assertThat(harness.runtime.calls()).contains("load command-r:latest 15m");
  }

  @Test
  void aLeaderWhoLeftIsLogged499EvenWhenTheLoadItLedIsRefused() throws Exception {
    // The busy timeout is far longer than the few steps before the leader leaves.
    harness =
        new ProxyHarness(
            "32", "23", upstream.url(), config -> config.withBusyTimeout(Duration.ofSeconds(5)));
    CountDownLatch finishFirst = new CountDownLatch(1);
    CompletableFuture<String> busy = bigStreamingUntil(finishFirst, Duration.ofSeconds(30));
    LeaderAndJoined waiting = leaderForBiggerWithOneJoined();
    Call leader = waiting.leader();
    CompletableFuture<String> joined = waiting.joined();

    leader.cancel();

    assertThat(joined.get(30, TimeUnit.SECONDS)).startsWith("503 ");
    await(() -> harness.info.stream().anyMatch(line -> line.startsWith("POST /api/chat command")));
    assertThat(harness.info)
        .filteredOn(line -> line.startsWith("POST /api/chat command-r:latest"))
        .singleElement()
        .satisfies(line -> assertThat(line).matches(".* 499 \\d+ms \\(client left.*"));
    finishFirst.countDown();
    assertThat(busy.get(10, TimeUnit.SECONDS)).startsWith("200 ");
  }

  @Test
  void answers503WithRetryAfterWhenTheBusyModelStaysBusy() throws Exception {
    harness =
        new ProxyHarness(
            "32", "23", upstream.url(), config -> config.withBusyTimeout(Duration.ofMillis(100)));
    CountDownLatch finishFirst = new CountDownLatch(1);
    CompletableFuture<String> first = bigStreamingUntil(finishFirst, Duration.ofSeconds(10));

    try (Response refused =
        harness.client.newCall(harness.post("/api/chat", chat(BIGGER))).execute()) {
      assertThat(refused.code()).isEqualTo(503);
      assertThat(refused.header("Retry-After")).isEqualTo("10");
      assertThat(refused.body().string())
          .isEqualTo(
              "{\"error\":\"smartload: command-r:latest can only fit once qwen2.5:14b finish,"
                  + " and they are still busy after 0.1s\"}");
    }
    finishFirst.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    assertThat(harness.runtime.calls()).noneMatch(call -> call.startsWith("unload"));
  }

  @Test
  void requestsForAModelBeingLoadedJoinThatLoad() throws Exception {
    harness = new ProxyHarness("32", "25.5", upstream.url());
    harness.inner.install(BIG, "9");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    harness.runtime.holdLoads(release, entered);

    List<CompletableFuture<String>> answers = new ArrayList<>();
    answers.add(send(harness.post("/api/chat", chat(BIG))));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    answers.add(send(harness.post("/api/generate", "{\"model\":\"" + BIG + "\"}")));
    answers.add(send(harness.post("/api/chat", chat(BIG))));
    await(() -> statusContains("\"queued\":{\"" + BIG + "\":3}"));
    release.countDown();

    for (CompletableFuture<String> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    }
    assertThat(harness.runtime.calls()).filteredOn(call -> call.startsWith("load")).hasSize(1);
    assertThat(status()).containsOnlyOnce("\"kind\":");
    assertThat(harness.info).filteredOn(line -> line.contains("(joined a load)")).hasSize(2);
  }

  @Test
  void decisionsAreSerializedSoTwoModelsNeverBothFitOnTheSameMemory() throws Exception {
    harness = new ProxyHarness("32", "24", upstream.url());
    harness.inner.install(BIG, "9").install(BIGGER, "18");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    harness.runtime.holdLoads(release, entered);

    CompletableFuture<String> first = send(harness.post("/api/chat", chat(BIG)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> second = send(harness.post("/api/chat", chat(BIGGER)));
    await(() -> statusContains("\"command-r:latest\":1"));
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    assertThat(second.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    assertThat(harness.runtime.calls())
        .containsSubsequence("load " + BIG + " 15m", "unload " + BIG, "load command-r:latest 15m");
    assertThat(harness.runtime.peakResidentBytes()).isLessThanOrEqualTo(24_000_000_000L);
  }

  @Test
  void aClientThatGivesUpLeavesTheQueue() throws Exception {
    harness = new ProxyHarness("32", "25.5", upstream.url());
    harness.inner.install(BIG, "9").install("qwen3:8b", "5.2");
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    harness.runtime.holdLoads(release, entered);
    CompletableFuture<String> first = send(harness.post("/api/chat", chat(BIG)));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Call impatient = harness.client.newCall(harness.post("/api/chat", chat("qwen3:8b")));
    CompletableFuture<String> gaveUp = new CompletableFuture<>();
    impatient.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call call, IOException e) {
            gaveUp.complete("cancelled");
          }

          @Override
          public void onResponse(Call call, Response response) {
            response.close();
            gaveUp.complete("answered");
          }
        });
    await(() -> statusContains("\"qwen3:8b:latest\":1") || statusContains("\"qwen3:8b\":1"));
    impatient.cancel();
    assertThat(gaveUp.get(10, TimeUnit.SECONDS)).isEqualTo("cancelled");
    await(() -> !statusContains("qwen3:8b"));
    release.countDown();

    assertThat(first.get(10, TimeUnit.SECONDS)).startsWith("200 ");
    assertThat(harness.runtime.calls()).doesNotContain("load qwen3:8b 15m");
    assertThat(upstream.models).containsExactly(BIG);
  }

  @Test
  void thirtyTwoConcurrentChatsOverThreeModelsWithRoomForTwo() throws Exception {
    harness = new ProxyHarness("32", "24", upstream.url());
    List<String> models = List.of("alpha:7b", "beta:7b", "gamma:7b");
    models.forEach(model -> harness.inner.install(model, "9"));
    upstream.lines = 5;
    AtomicBoolean unloadedWhileStreaming = new AtomicBoolean();
    upstream.beforeLine =
        (model, index) -> {
          if (!harness.runtime.residentNames().contains(ModelName.parse(model))) {
            unloadedWhileStreaming.set(true);
          }
          Thread.sleep(2);
        };
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(64);
    dispatcher.setMaxRequestsPerHost(64);
    OkHttpClient client = harness.client.newBuilder().dispatcher(dispatcher).build();

    List<CompletableFuture<String>> answers = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Request request = harness.post("/api/chat", chat(models.get(i % 3)));
      CompletableFuture<String> answer = new CompletableFuture<>();
      client
          .newCall(request)
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  answer.completeExceptionally(e);
                }

                @Override
                public void onResponse(Call call, Response response) throws IOException {
                  try (response) {
                    answer.complete(response.code() + " " + response.body().string());
                  }
                }
              });
      answers.add(answer);
    }

    for (CompletableFuture<String> answer : answers) {
      assertThat(answer.get(30, TimeUnit.SECONDS))
          .startsWith("200 ")
          .contains("\"content\":\"4\"", "\"done\":true");
    }
    assertThat(unloadedWhileStreaming).isFalse();
    assertThat(harness.runtime.peakResidentBytes()).isLessThanOrEqualTo(24_000_000_000L);
  }

  @Test
  void aGracefulStopRefusesNewConnectionsAndLetsRunningStreamsFinish() throws Exception {
    // A grace far beyond the test's needs: the harness's 2 s could run out on a busy CI machine
    // before the stream is let go, and the stop returns as soon as the stream has finished anyway.
    harness =
        new ProxyHarness(
            "32",
            "25.5",
            upstream.url(),
            config -> config.withShutdownGrace(Duration.ofSeconds(60)));
    harness.inner.install("qwen3:8b", "5.2");
    CountDownLatch finish = new CountDownLatch(1);
    upstream.beforeLine =
        (model, index) -> {
          if (index == 1) {
            finish.await(10, TimeUnit.SECONDS);
          }
        };
    Response running =
        harness.client.newCall(harness.post("/api/chat", chat("qwen3:8b"))).execute();
    BufferedSource stream = running.body().source();
    assertThat(stream.readUtf8Line()).contains("\"content\":\"0\"");

    Request late = harness.get("/api/version");
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(harness.proxy::close);
    OkHttpClient fresh =
        new OkHttpClient.Builder()
            .connectionPool(new okhttp3.ConnectionPool(0, 1, TimeUnit.SECONDS))
            .retryOnConnectionFailure(false)
            .build();
    await(
        () -> {
          try (Response answered = fresh.newCall(late).execute()) {
            return false;
          } catch (IOException refused) {
            return true;
          }
        });
    assertThat(stopped).isNotDone();
    // Ollama stays silent a while (a long prompt): longer than the 1 s idle timeout Jetty would
    // give every connection once a graceful stop begins, which cut this stream. Not a wait for a
    // condition: the silence itself is what the stop must survive.
    Thread.sleep(1_500);
    finish.countDown();

    try {
      assertThat(stream.readUtf8Line()).contains("\"content\":\"1\"");
      assertThat(stream.readUtf8Line()).contains("\"done\":true");
    } catch (IOException cut) {
      // Seen once on a loaded machine, when Jetty's idle timer still ticked while the proxy waited
      // on Ollama and a tick met the next line's write (see ClientClock): the log says who cut.
      throw new AssertionError(
          "the running stream was cut during the graceful stop; proxy log: "
              + harness.info
              + " warnings: "
              + harness.warnings,
          cut);
    }
    running.close();
    stopped.get(10, TimeUnit.SECONDS);
  }

  private boolean statusContains(String text) {
    try {
      return status().contains(text);
    } catch (IOException e) {
      return false;
    }
  }
}
