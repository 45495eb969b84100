package dev.slipway.infra;

/**
 * The Lambda handlers of {@code dev.slipway.functions}, with each one's memory and timeout. Memory
 * also buys CPU: the JVM's start and the SDK's first call are CPU-bound, so even small steps get
 * 512 MB.
 */
public enum Handler {
  /**
   * Under GitHub's 10-second delivery budget, with three SDK clients on its cold path: SnapStart
   * (published versions restore from a snapshot taken after init and its priming hook).
   */
  RECEIVE_WEBHOOK("ReceiveWebhook", 1024, 10, true),
  PREPARE("Prepare", 512, 30),
  START_BUILD("StartBuild", 512, 30),
  ON_BUILD_STATE_CHANGE("OnBuildStateChange", 512, 30),
  VERIFY_IMAGE("VerifyImage", 512, 60),
  DEPLOY_SERVICE("DeployService", 512, 60),
  ON_DEPLOYMENT_STATE_CHANGE("OnDeploymentStateChange", 512, 30),
  SMOKE_TEST("SmokeTest", 512, 300),
  ANALYZE_CANARY("AnalyzeCanary", 1024, 60),
  SHIFT_TRAFFIC("ShiftTraffic", 512, 60),
  ROLLBACK("Rollback", 512, 120),
  RECORD_DEPLOYMENT("RecordDeployment", 512, 30),
  NOTIFY("Notify", 512, 30),
  APPROVE("Approve", 512, 10);

  private final String className;
  private final int memoryMb;
  private final int timeoutSeconds;
  private final boolean snapStart;

  Handler(String className, int memoryMb, int timeoutSeconds) {
    this(className, memoryMb, timeoutSeconds, false);
  }

  Handler(String className, int memoryMb, int timeoutSeconds, boolean snapStart) {
    this.className = className;
    this.memoryMb = memoryMb;
    this.timeoutSeconds = timeoutSeconds;
    this.snapStart = snapStart;
  }

  /** The simple class name, also the construct id and the ASL placeholder stem. */
  public String className() {
    return className;
  }

  /** The Lambda handler string. */
  public String handlerString() {
    return "dev.slipway.functions." + className + "::handleRequest";
  }

  /** The {@code DefinitionSubstitutions} key for this function's ARN. */
  public String placeholder() {
    return className + "FunctionArn";
  }

  public int memoryMb() {
    return memoryMb;
  }

  public int timeoutSeconds() {
    return timeoutSeconds;
  }

  /**
   * Whether the function has SnapStart on its published versions; what serves it is then an alias
   * ({@link HandlerFunction#live()}), not {@code $LATEST}.
   */
  public boolean snapStart() {
    return snapStart;
  }
}
