package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.cloudwatch.LocalCloudWatch;
import dev.slipway.localcloud.deploy.LogResources;
import dev.slipway.localcloud.deploy.MessagingResources;
import dev.slipway.localcloud.deploy.ServerlessResources;
import dev.slipway.localcloud.deploy.TemplateDeployer;
import dev.slipway.localcloud.dynamodb.LocalDynamoDb;
import dev.slipway.localcloud.ecs.ContainerServicesExtension;
import dev.slipway.localcloud.ecs.EcsResources;
import dev.slipway.localcloud.elbv2.Elbv2Resources;
import dev.slipway.localcloud.events.LocalEventBridge;
import dev.slipway.localcloud.lambda.LocalLambda;
import dev.slipway.localcloud.logs.LocalCloudWatchLogs;
import dev.slipway.localcloud.secretsmanager.LocalSecretsManager;
import dev.slipway.localcloud.sns.LocalSns;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;

/** The README's coverage tables name every resource type and operation local mode implements. */
class ReadmeCoverageTest {
  static final Path README = Path.of(System.getProperty("slipway.root"), "localcloud/README.md");

  @Test
  void everyDeployedResourceTypeIsListed() throws Exception {
    TemplateDeployer deployer = new TemplateDeployer();
    ServerlessResources.register(deployer, null, null, null, false);
    MessagingResources.register(deployer, null, null, null);
    LogResources.register(deployer, null);
    Elbv2Resources.register(deployer, null);
    EcsResources.register(deployer, null, null);
    ContainerServicesExtension.registerNetwork(deployer);
    Set<String> types = new TreeSet<>(deployer.supportedTypes());
    types.addAll(TemplateDeployer.notEnforcedTypes());
    String readme = Files.readString(README);
    assertThat(types).isNotEmpty().allSatisfy(t -> assertThat(readme).contains("`" + t + "`"));
  }

  @Test
  void everyOperationIsListed() throws Exception {
    String readme = Files.readString(README);
    Set<String> operations = new TreeSet<>();
    for (Class<?> service :
        List.of(
            LocalDynamoDb.class,
            LocalSecretsManager.class,
            LocalSns.class,
            LocalCloudWatch.class,
            LocalEventBridge.class,
            LocalLambda.class,
            LocalCloudWatchLogs.class)) {
      for (Method m : service.getMethods()) {
        if (m.getParameterCount() == 1
            && SdkRequest.class.isAssignableFrom(m.getParameterTypes()[0])) {
          String simple = m.getParameterTypes()[0].getSimpleName();
          operations.add(simple.substring(0, simple.length() - "Request".length()));
        }
      }
    }
    assertThat(operations)
        .hasSizeGreaterThan(40)
        .allSatisfy(op -> assertThat(readme).containsPattern("[ |,]" + op + "[,| ]"));
  }
}
