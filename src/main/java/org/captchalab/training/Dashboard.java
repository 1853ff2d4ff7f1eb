package org.captchalab.training;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.dataset.OutputTargets;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deeplearning4j-ui training dashboard, served on this computer's loopback address only.
 *
 * <p>DL4J 1.0.0-M2.1 has no setting for the address: {@code VertxUIServer.start} calls
 * {@code vertx.createHttpServer().listen(port, handler)}, and Vert.x 3.9's {@code listen(int, Handler)} binds
 * {@code 0.0.0.0}, every network interface, whatever the server options say. So instead of
 * {@code UIServer.getInstance()}, which makes its own Vert.x and deploys the server on it, this deploys DL4J's
 * server verticle itself, on a Vert.x of its own that it hands to the verticle wrapped: every HTTP server made
 * through the wrapper listens on {@link #HOST}, whatever address it is asked for. The verticle is DL4J's singleton
 * from then on ({@code UIServer.getInstance()} returns it).
 *
 * <p>That Vert.x also gets its own cache folder ({@link #cacheFolder()}): by default Vert.x unpacks files in
 * {@code java.io.tmpdir/vertx-cache}, which another user of the computer may own.
 */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    /** The only address the dashboard listens on. */
    public static final String HOST = "127.0.0.1";
    /** DL4J reads the port from this system property when its server starts. */
    static final String PORT_PROPERTY = "org.deeplearning4j.ui.port";
    /** Vert.x's own setting for its cache folder; honoured when set. */
    static final String CACHE_PROPERTY = "vertx.cacheDirBase";
    private static final long START_SECONDS = 60;
    private static final String VERTX_CACHE_FAILURE = "Failed to create cache dir: ";

    private static LoopbackUIServer running;

    private Dashboard() {
    }

    /**
     * Vert.x's cache folder for the dashboard: {@code -Dvertx.cacheDirBase} when set, else
     * {@code ~/.captchalab/vertx-cache}.
     */
    public static Path cacheFolder() {
        String set = System.getProperty(CACHE_PROPERTY);
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        return Path.of(System.getProperty("user.home"), ".captchalab", "vertx-cache");
    }

    /** The address of the training overview page of a dashboard started here. */
    public static String overviewUrl(UIServer server) {
        return "http://" + HOST + ":" + server.getPort() + "/train/overview";
    }

    /** {@link #start(int)} on the port DL4J itself would take: {@code -Dorg.deeplearning4j.ui.port}, else 9000. */
    public static UIServer start() throws DashboardException {
        return start(Integer.getInteger(PORT_PROPERTY, VertxUIServer.DEFAULT_UI_PORT));
    }

    /**
     * Starts the dashboard on {@link #HOST}:{@code port} (0: any free port; {@link UIServer#getPort()} tells which),
     * or returns the one this class already started, on whatever port that has.
     */
    public static synchronized UIServer start(int port) throws DashboardException {
        if (running != null && !running.isStopped()) {
            return running;
        }
        Vertx vertx = newVertx(cacheFolder());
        LoopbackUIServer server = new LoopbackUIServer();
        CompletableFuture<String> deployed = new CompletableFuture<>();
        String portBefore = System.getProperty(PORT_PROPERTY);
        System.setProperty(PORT_PROPERTY, String.valueOf(port));
        try {
            vertx.deployVerticle(server, r -> {
                if (r.succeeded()) {
                    deployed.complete(r.result());
                } else {
                    deployed.completeExceptionally(r.cause());
                }
            });
            deployed.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            LOG.error("the DL4J dashboard failed to start on {}:{}", HOST, port, e.getCause());
            close(vertx);
            throw startFailure(port, e.getCause());
        } catch (TimeoutException e) {
            LOG.error("the DL4J dashboard did not start within {} s", START_SECONDS);
            close(vertx);
            throw new DashboardException("the dashboard did not start within " + START_SECONDS + " seconds", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(vertx);
            throw new DashboardException("interrupted while the dashboard started", e);
        } finally {
            if (portBefore == null) {
                System.clearProperty(PORT_PROPERTY);
            } else {
                System.setProperty(PORT_PROPERTY, portBefore);
            }
        }
        running = server;
        LOG.info("DL4J dashboard listening on {}:{} (Vert.x cache in {})", HOST, server.getPort(), cacheFolder());
        return server;
    }

    /** Stops the dashboard this class started, if it runs. */
    public static synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            LOG.warn("stopping the DL4J dashboard failed", e);
        }
        running = null;
    }

    /**
     * Opens a run's recorded statistics for the dashboard. A file DL4J cannot read fails here, in one line that
     * names it and says why, rather than as a MapDB exception. DL4J opens the store for writing, as MapDB does, so a
     * read-only file (a shared or installed run) is shown from a copy in the temporary folder, removed at exit.
     */
    public static FileStatsStorage openStats(Path file) throws DashboardException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DashboardException(file + ": " + ErrorLines.reason(e), e);
        }
        if (!Files.isReadable(file)) {
            throw new DashboardException(file + ": permission denied", null);
        }
        if (size == 0) {
            throw unreadable(file, "empty", null);
        }
        Path opened = file;
        if (!OutputTargets.writable(file)) {
            try {
                opened = Files.createTempFile("captchalab-dl4j-stats-", ".bin");
                opened.toFile().deleteOnExit();
                Files.copy(file, opened, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new DashboardException(file + " is read-only, and copying it to the temporary folder failed: "
                        + ErrorLines.reason(e), e);
            }
            LOG.info("{} is read-only: the dashboard reads a copy of it, {}", file, opened);
        }
        try {
            return new FileStatsStorage(opened.toFile());
        } catch (RuntimeException e) {
            LOG.warn("cannot read DL4J statistics from {}", file, e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DBException.FileLocked) {
                    throw new DashboardException(file + " is held open by another program (is its run still training?)", e);
                }
            }
            throw unreadable(file, whyUnreadable(e), e);
        }
    }

    private static DashboardException unreadable(Path file, String why, Throwable cause) {
        return new DashboardException(file + " is not a readable DL4J statistics file (" + why + ")", cause);
    }

    /** What MapDB's failure to open a store says about the file, in a few words. */
    static String whyUnreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof DBException.VolumeEOF) {
                return "truncated";
            }
            if (t instanceof DBException.WrongFormat) {
                return "not in the format DL4J writes";
            }
        }
        return "damaged";
    }

    private static Vertx newVertx(Path cacheFolder) throws DashboardException {
        try {
            Files.createDirectories(cacheFolder);
        } catch (IOException e) {
            LOG.error("cannot create Vert.x's cache folder {}", cacheFolder, e);
            throw cacheFailure(cacheFolder, e);
        }
        try {
            return Vertx.vertx(new VertxOptions().setFileSystemOptions(
                    new FileSystemOptions().setFileCacheDir(cacheFolder.toString())));
        } catch (RuntimeException e) {
            LOG.error("Vert.x failed to start", e);
            String message = e.getMessage();
            if (e instanceof IllegalStateException && message != null && message.startsWith(VERTX_CACHE_FAILURE)) {
                // Vert.x makes a folder of its own inside the cache folder and says only that it failed
                Path dir = Path.of(message.substring(VERTX_CACHE_FAILURE.length()));
                try {
                    Files.createDirectory(dir);
                    Files.deleteIfExists(dir);
                } catch (IOException why) {
                    throw cacheFailure(dir, why);
                }
                throw new DashboardException("cannot create Vert.x's cache folder " + dir, e);
            }
            throw new DashboardException("the dashboard could not start: " + ErrorLines.oneLine(e), e);
        }
    }

    private static DashboardException cacheFailure(Path dir, IOException e) {
        return new DashboardException("cannot create Vert.x's cache folder " + dir + ": " + ErrorLines.reason(e)
                + " (-D" + CACHE_PROPERTY + "=FOLDER chooses another)", e);
    }

    static DashboardException startFailure(int port, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketException s) {
                String why = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
                if (why.contains("in use")) {
                    return new DashboardException("port " + port + " is in use by another program", e, true);
                }
                return new DashboardException("cannot listen on " + HOST + ":" + port
                        + (why.isEmpty() ? "" : ": " + why), e);
            }
        }
        return new DashboardException("the dashboard could not start on port " + port + ": " + ErrorLines.oneLine(e), e);
    }

    private static void close(Vertx vertx) {
        try {
            VertxUIServer.stopInstance();
        } catch (Exception e) {
            LOG.warn("stopping the DL4J dashboard failed", e);
        }
        vertx.close();
    }

    /** DL4J's dashboard verticle, handed a Vert.x whose HTTP servers listen on {@link #HOST} only. */
    private static final class LoopbackUIServer extends VertxUIServer {
        @Override
        public void init(Vertx vertx, Context context) {
            super.init(loopbackOnly(vertx), context);
        }
    }

    /** {@code vertx}, except that the HTTP servers it makes listen on {@link #HOST} only. */
    static Vertx loopbackOnly(Vertx vertx) {
        return (Vertx) Proxy.newProxyInstance(Dashboard.class.getClassLoader(), new Class<?>[] {Vertx.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("createHttpServer")) {
                        HttpServerOptions options = args == null || args.length == 0 ? new HttpServerOptions()
                                : new HttpServerOptions((HttpServerOptions) args[0]);
                        return loopbackOnly(vertx.createHttpServer(options.setHost(HOST)));
                    }
                    return call(vertx, method, args);
                });
    }

    /** {@code server}, except that every {@code listen} binds {@link #HOST}, whichever address it names. */
    @SuppressWarnings("unchecked")
    static HttpServer loopbackOnly(HttpServer server) {
        return (HttpServer) Proxy.newProxyInstance(Dashboard.class.getClassLoader(), new Class<?>[] {HttpServer.class},
                (proxy, method, args) -> {
                    Object result;
                    if (method.getName().equals("listen") && args != null && args.length > 0
                            && !(args[0] instanceof Handler)) {
                        // listen(port[, host][, handler]) and listen(address, handler); listen() and
                        // listen(handler) use the options, whose host is already ours
                        int port = args[0] instanceof SocketAddress a ? a.port() : (Integer) args[0];
                        Object last = args[args.length - 1];
                        result = last instanceof Handler<?> h
                                ? server.listen(port, HOST, (Handler<AsyncResult<HttpServer>>) h)
                                : server.listen(port, HOST);
                    } else {
                        result = call(server, method, args);
                    }
                    return result == server ? proxy : result;
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
