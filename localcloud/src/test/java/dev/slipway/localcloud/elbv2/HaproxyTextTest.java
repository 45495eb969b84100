package dev.slipway.localcloud.elbv2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;

/** haproxy.cfg rendering, {@code show stat} parsing and the metrics made from it. */
class HaproxyTextTest {
  private static final Elbv2State.HealthCheck HC =
      new Elbv2State.HealthCheck("/ready", 5, 2, 3, 2, "200-202");

  @Test
  void rendersRulesInPriorityOrderWithServersWeightsAndHealthChecks() {
    var backend =
        new Topology.Backend(
            "r_1",
            HC,
            List.of(
                new Topology.Server("t_a_1", "tg", "lb", "k", "127.0.0.1", 9001, 13, false, true),
                new Topology.Server("t_a_2", "tg", "lb", "k2", "127.0.0.1", 9002, 0, true, true)));
    var topology =
        new Topology(
            List.of(
                new Topology.Frontend(
                    "l_1",
                    4600,
                    List.of(
                        new Topology.Route(
                            "r_1",
                            List.of("path_reg '^/api/.*$'"),
                            new Topology.RouteAction.Forward("r_1"))),
                    new Topology.RouteAction.FixedResponse(404, "text/plain", "it's gone"))),
            List.of(backend));
    var cfg = HaproxyConfig.render(topology, Path.of("/s/admin.sock"), Path.of("/s/state"), true);
    assertThat(cfg)
        .contains("bind 127.0.0.1:4600")
        .contains("stats socket /s/admin.sock mode 600 level admin expose-fd listeners")
        .contains("http-request set-var(txn.be) str(r_1) if r_1_0 !{ var(txn.be) -m found }")
        .contains("http-request return status 404 content-type 'text/plain' string 'it'\\''s gone'")
        .contains("http-check send meth GET uri '/ready'")
        .contains("http-check expect rstatus '^(200|201|202)$'")
        .contains("default-server inter 5s fall 2 rise 3")
        .contains("server t_a_1 127.0.0.1:9001 weight 13 check\n")
        .contains("server t_a_2 127.0.0.1:9002 weight 0 check disabled");
    assertThat(cfg.indexOf("set-var(txn.be)")).isLessThan(cfg.indexOf("http-request return"));
    var structure =
        HaproxyConfig.render(topology, Path.of("/s/admin.sock"), Path.of("/s/state"), false);
    assertThat(structure).doesNotContain("server t_a_1");
  }

  @Test
  void rejectsAMatcherThatIsNotStatusCodes() {
    assertThatThrownBy(() -> HaproxyConfig.statusRegex("2xx")).hasMessageContaining("'2xx'");
    assertThatThrownBy(() -> HaproxyConfig.statusRegex("300-200")).hasMessageContaining("300-200");
  }

  static final String STAT =
      """
      # pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,comp_in,comp_out,comp_byp,comp_rsp,lastsess,last_chk,last_agt,qtime,ctime,rtime,ttime
      l_1,FRONTEND,,,0,1,2000,10,,,,,,,,,,OPEN,,,,,,,,,1,2,0,,,,0,0,0,5,,,,0,10,0,0,0,0,,0,5,10,,,,,,,,,,,,,
      r_1,t_a_1,0,0,2,3,,40,,,,,,,,,,UP,13,1,0,0,0,5,0,,1,3,1,,40,,2,0,,4,L7OK,200,1,0,38,0,0,2,0,,,,40,0,0,,,,,0,,,0,0,7,9
      r_1,t_a_2,0,0,0,1,,5,,,,,,,,,,DOWN,0,1,0,2,1,5,3,,1,3,2,,5,,2,0,,1,L4CON,,0,0,5,0,0,0,0,,,,5,0,0,,,,,0,,,0,0,0,0
      r_1,BACKEND,0,0,0,1,200,45,,,,,,,,,,UP,13,1,0,,0,5,0,,1,3,0,,45,,1,0,,5,,,,0,43,0,0,2,0,,,,45,0,0,0,0,0,0,0,,,0,0,7,9
      """;

  @Test
  void parsesServerRowsByColumnName() {
    var stats = HaproxyStats.parse(STAT);
    assertThat(stats.rows()).hasSize(2);
    var a = stats.row("r_1", "t_a_1").orElseThrow();
    assertThat(a.requests()).isEqualTo(40);
    assertThat(a.responses5xx()).isEqualTo(2);
    assertThat(a.rtimeMs()).isEqualTo(7);
    assertThat(a.currentSessions()).isEqualTo(2);
    assertThat(a.up()).isTrue();
    assertThat(stats.row("r_1", "t_a_2").orElseThrow().checkStatus()).isEqualTo("L4CON");
  }

  @Test
  void metricsAreDeltasPerTargetGroupWithAlbDimensions() {
    var metrics = new TargetGroupMetrics();
    var series =
        Map.of(
            "r_1/t_a_1", new TargetGroupMetrics.Series("targetgroup/blue/1", "app/web/2"),
            "r_1/t_a_2", new TargetGroupMetrics.Series("targetgroup/blue/1", "app/web/2"));
    metrics.observe(HaproxyStats.parse(STAT), series, java.time.Instant.EPOCH);
    metrics.drainAll();
    var later =
        STAT.replace(",40,,2,0,,4,L7OK", ",40,,2,0,,4,L7OK").replace(",,,,40,0,0", ",,,,52,0,0");
    metrics.observe(HaproxyStats.parse(later), series, java.time.Instant.EPOCH);
    var request = metrics.drainAll().getFirst();
    assertThat(request.namespace()).isEqualTo("AWS/ApplicationELB");
    var count =
        request.metricData().stream()
            .filter(d -> d.metricName().equals("RequestCount") && d.dimensions().size() == 2)
            .findFirst()
            .orElseThrow();
    assertThat(count.value()).isEqualTo(12.0);
    assertThat(count.dimensions())
        .extracting(Dimension::name, Dimension::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("TargetGroup", "targetgroup/blue/1"),
            org.assertj.core.groups.Tuple.tuple("LoadBalancer", "app/web/2"));
    // no new 5xx answer: HTTPCode_Target_5XX_Count is only reported with a nonzero value
    assertThat(request.metricData())
        .extracting(MetricDatum::metricName)
        .contains("TargetResponseTime")
        .doesNotContain("HTTPCode_Target_5XX_Count");
    assertThat(metrics.drainAll()).isEmpty();
  }

  @Test
  void rendersARedirectWithTheQueryStringOnlyWhenThereIsOne() {
    var topology =
        new Topology(
            List.of(
                new Topology.Frontend(
                    "l_80",
                    4600,
                    List.of(),
                    new Topology.RouteAction.Redirect(
                        301, "http://%[req.hdr(host),field(1,:)]:4601%[path]", true))),
            List.of());

    var cfg = HaproxyConfig.render(topology, Path.of("/s/admin.sock"), Path.of("/s/state"), true);

    assertThat(cfg)
        .contains(
            "  http-request redirect location"
                + " 'http://%[req.hdr(host),field(1,:)]:4601%[path]?%[query]' code 301 if"
                + " { query -m len gt 0 } !{ var(txn.be) -m found }\n"
                + "  http-request redirect location"
                + " 'http://%[req.hdr(host),field(1,:)]:4601%[path]' code 301 if"
                + " !{ var(txn.be) -m found }\n");
  }
}
