package dev.slipway.localcloud.containers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JlinkBaseImageTest {
  @Test
  void lddOutputYieldsHostLibrariesButNotTheRuntimesOwn() {
    String ldd =
        """
        \tlinux-vdso.so.1 (0x00007ffd)
        \tlibjli.so => /s/opt/java/bin/../lib/libjli.so (0x00007f23b203d000)
        \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f23b1e52000)
        \t/lib64/ld-linux-x86-64.so.2 (0x00007f23b2069000)
        \tlibjvm.so => not found
        """;
    assertThat(JlinkBaseImage.parseLdd(ldd, "/s/opt/java"))
        .containsExactly("/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2");
  }
}
