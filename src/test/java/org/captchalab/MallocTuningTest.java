package org.captchalab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart with tuned allocator settings, through real processes: the child gets the settings, the same
 * command line (class path or {@code -jar}), options from {@code JAVA_TOOL_OPTIONS} once, and its exit status
 * reaches the caller; stopping or killing the parent stops the child.
 */
class MallocTuningTest {

    /** The settings' names with glibc's defaults restored, i.e. removed (ChildJvm removes empty values). */
    private static final Map<String, String> UNTUNED = Map.of(MallocTuning.MARKER, "", MallocTuning.PARENT, "",
            "MALLOC_MMAP_THRESHOLD_", "", "MALLOC_TRIM_THRESHOLD_", "", "MALLOC_TOP_PAD_", "", "JAVA_TOOL_OPTIONS", "");

    @TempDir
    Path scratch;

    @Test
    void restartsOnLinuxUnlessTurnedOffAlreadyTunedOrUnderAnAgent() {
        assertThat(MallocTuning.applies(Map.of(), "Linux", List.of("-Xmx2g"))).isTrue();
        assertThat(MallocTuning.applies(Map.of(), "Mac OS X", List.of())).isFalse();
        assertThat(MallocTuning.applies(Map.of(MallocTuning.MARKER, "default"), "Linux", List.of())).isFalse();
        assertThat(MallocTuning.applies(Map.of("MALLOC_TOP_PAD_", "1"), "Linux", List.of())).isTrue();
        assertThat(MallocTuning.applies(Map.of("MALLOC_TOP_PAD_", "1", "MALLOC_TRIM_THRESHOLD_", "1",
                "MALLOC_MMAP_THRESHOLD_", "1"), "Linux", List.of())).isFalse();
        for (String agent : List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:x.jar",
                "-agentpath:/opt/async/libasyncProfiler.so=start", "-XX:StartFlightRecording=filename=a.jfr")) {
            assertThat(MallocTuning.applies(Map.of(), "Linux", List.of(agent))).as(agent).isFalse();
        }
    }

    @Test
    void readsItsOwnCommandLineWithTheExecutableFirst() {
        List<String> cmd = MallocTuning.ownCommandLine().orElseThrow();
        assertThat(Path.of(cmd.get(0))).isAbsolute().isExecutable();
        assertThat(cmd.get(0)).endsWith("java");
        assertThat(cmd.size()).isGreaterThan(1);
    }

    @Test
    void theChildKeepsTheUsersOwnSettingsAndKnowsItsParent() {
        Map<String, String> add = MallocTuning.childEnvironment(Map.of("MALLOC_TOP_PAD_", "1048576", "HOME", "/root"), 42);
        assertThat(add).containsEntry(MallocTuning.PARENT, "42")
                .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
                .containsEntry("MALLOC_TRIM_THRESHOLD_", "1073741824")
                .doesNotContainKeys("MALLOC_TOP_PAD_", "HOME");
    }

    @Test
    void aClassPathLaunchRunsAgainInATunedChildThatPassesOnItsStatus() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(UNTUNED);
        env.put("MALLOC_TOP_PAD_", "2097152"); // the user's own value
        env.put("JAVA_TOOL_OPTIONS", "-Dprobe.tool=once");
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Dprobe.option=kept"), env, Child.class, List.of("report", "a b", "c"), 120);
        assertThat(r.exitStatus()).as(r.out() + r.err()).isEqualTo(7);
        assertThat(r.out()).contains("tuned child: state=tuned mmap=33554432 trim=1073741824 top_pad=2097152",
                "option=kept args=[a b, c] tool options=1").doesNotContain("untuned");
    }

    @Test
    void aJarLaunchRunsAgainInATunedChild() throws Exception {
        Path jar = scratch.resolve("probe.jar");
        writeLauncherJar(jar);
        Process p = start(List.of(ChildJvm.javaExecutable(), "-jar", jar.toString(), "report", "x"), UNTUNED);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isEqualTo(7);
        assertThat(out).contains("tuned child: state=tuned mmap=33554432", "args=[x]");
    }

    @Test
    void turnedOffTheProgramRunsInThisProcess() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(UNTUNED);
        env.put(MallocTuning.MARKER, "default");
        ChildJvm.Result r = ChildJvm.run(scratch, List.of(), env, Child.class, List.of("report"), 120);
        assertThat(r.exitStatus()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("untuned: state=default");
    }

    @Test
    void stoppingTheParentStopsTheChildThroughItsShutdown() throws Exception {
        assertTheChildShutsDownWhen(Process::destroy); // SIGTERM
    }

    @Test
    void aParentKilledOutrightStillTakesTheChildWithIt() throws Exception {
        assertTheChildShutsDownWhen(Process::destroyForcibly); // SIGKILL: the parent's shutdown hook never runs
    }

    private void assertTheChildShutsDownWhen(java.util.function.Consumer<Process> endParent) throws Exception {
        Path pidFile = scratch.resolve("child.pid");
        Path stopped = scratch.resolve("child.stopped");
        Process parent = start(List.of(ChildJvm.javaExecutable(), "-cp", System.getProperty("java.class.path"), Child.class.getName(),
                "wait", pidFile.toString(), stopped.toString()), UNTUNED);
        ProcessHandle child = awaitChild(pidFile, parent);
        endParent.accept(parent);
        assertThat(child.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        assertThat(stopped).as("the child's shutdown hooks ran").exists();
    }

    private static ProcessHandle awaitChild(Path pidFile, Process parent) throws Exception {
        for (int i = 0; i < 1200 && !Files.exists(pidFile); i++) {
            Thread.sleep(100);
        }
        assertThat(pidFile).as("the child wrote its pid").exists();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
        assertThat(child.parent().map(ProcessHandle::pid)).contains(parent.pid());
        return child;
    }

    private Process start(List<String> cmd, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        ChildJvm.changeEnvironment(pb, env);
        return pb.start();
    }

    /** A jar whose manifest names {@link Child} and puts the test class path on its Class-Path. */
    private static void writeLauncherJar(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Child.class.getName());
        String cp = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
                .map(e -> Path.of(e).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" "));
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp);
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
    }

    /**
     * The child's main. {@code report ARGS...}: in the tuned child, prints what it got and exits with 7.
     * {@code wait PIDFILE STOPPEDFILE}: in the tuned child, writes its pid and waits; its shutdown writes the other file.
     */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            MallocTuning.handOverToTunedChild();
            boolean tuned = System.getenv(MallocTuning.PARENT) != null;
            if (args[0].equals("wait")) {
                if (!tuned) {
                    System.exit(3);
                }
                Path stopped = Path.of(args[2]);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Files.writeString(stopped, "stopped");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
                // Written beside and renamed, so the test never reads the file before the pid is in it.
                Path pidFile = Path.of(args[1]);
                Path partial = pidFile.resolveSibling(pidFile.getFileName() + ".partial");
                Files.writeString(partial, String.valueOf(ProcessHandle.current().pid()));
                Files.move(partial, pidFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(600_000);
                System.exit(4);
            }
            List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
            if (!tuned) {
                System.out.println("untuned: state=" + MallocTuning.state());
                return;
            }
            long toolOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter("-Dprobe.tool=once"::equals).count();
            System.out.printf("tuned child: state=%s mmap=%s trim=%s top_pad=%s%noption=%s args=%s tool options=%d%n",
                    MallocTuning.state(), System.getenv("MALLOC_MMAP_THRESHOLD_"), System.getenv("MALLOC_TRIM_THRESHOLD_"),
                    System.getenv("MALLOC_TOP_PAD_"), System.getProperty("probe.option"), rest, toolOptions);
            System.exit(7);
        }
    }
}
