package dev.slipway.localcloud.ecs;

/**
 * A task container's program for {@link EcsEmbeddedMetricsIT}: prints a plain line and an embedded
 * metric format line, then waits for SIGTERM and prints one more EMF line while stopping.
 */
public final class EmfPrinter {
  private EmfPrinter() {}

  static String line(String metric, double value) {
    return "{\"_aws\":{\"Timestamp\":"
        + System.currentTimeMillis()
        + ",\"CloudWatchMetrics\":[{\"Namespace\":\"EmfIT\",\"Dimensions\":[[\"Service\"]],"
        + "\"Metrics\":[{\"Name\":\""
        + metric
        + "\",\"Unit\":\"Milliseconds\",\"StorageResolution\":1}]}]},\"Service\":\"printer\",\""
        + metric
        + "\":["
        + value
        + ","
        + (value * 2)
        + "]}";
  }

  public static void main(String[] args) throws InterruptedException {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println(line("Stopping", 5));
                  System.out.flush();
                }));
    System.out.println("printer: started");
    System.out.println(line("Latency", 12.5));
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
