package org.captchalab.ui.backend;

import org.deeplearning4j.ui.api.UIServer;

/**
 * Starts the deeplearning4j-ui server on first use (it is heavy, so not at start-up) and gives its training
 * page's address.
 */
final class DashboardServer {

    private DashboardServer() {
    }

    static synchronized String address() {
        UIServer server = UIServer.getInstance();
        return server.getAddress() + "/train/overview";
    }
}
