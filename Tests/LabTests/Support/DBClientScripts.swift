#if os(Linux)
/// The database lab's clients: small python3 + psycopg2 programs, run inside a node's namespace, that
/// behave like an application's connections. Each takes host, port, user, password and database
/// first, then its own arguments.
enum DBClientScripts {
    /// Opens COUNT connections, prints "held COUNT" once they are all open, then keeps them (idle)
    /// until killed.
    static let holdConnections = """
        import signal, sys
        import psycopg2

        host, port, user, password, db, count = sys.argv[1:7]
        held = []
        for _ in range(int(count)):
            held.append(psycopg2.connect(host=host, port=int(port), user=user, password=password,
                                         dbname=db, connect_timeout=3, application_name="lab-held"))
        print("held %d" % len(held), flush=True)
        while True:
            signal.pause()

        """

    /// COUNT times: two sessions each lock one of the rows 1 and 2 of `lab_locks`, then each asks for
    /// the other's row, so PostgreSQL's deadlock detector aborts one of them (SQLSTATE 40P01). Prints
    /// "deadlocks N" with the number of aborts seen.
    static let deadlocks = """
        import sys, threading
        import psycopg2
        import psycopg2.errors

        host, port, user, password, db, count = sys.argv[1:7]

        def connect():
            return psycopg2.connect(host=host, port=int(port), user=user, password=password, dbname=db,
                                    connect_timeout=3, application_name="lab-deadlock")

        def update(conn, row, outcome):
            try:
                with conn.cursor() as cur:
                    cur.execute("UPDATE lab_locks SET n = n + 1 WHERE id = %s", (row,))
                conn.commit()
                outcome.append("ok")
            except psycopg2.errors.DeadlockDetected:
                conn.rollback()
                outcome.append("deadlock")

        seen = 0
        for _ in range(int(count)):
            a, b = connect(), connect()
            with a.cursor() as cur:
                cur.execute("UPDATE lab_locks SET n = n + 1 WHERE id = 1")
            with b.cursor() as cur:
                cur.execute("UPDATE lab_locks SET n = n + 1 WHERE id = 2")
            outcome = []
            # Whichever of the two crossing requests comes first waits for the other's lock; the second
            # closes the cycle, and after deadlock_timeout one of the two is aborted.
            crossing = threading.Thread(target=update, args=(a, 2, outcome))
            crossing.start()
            update(b, 1, outcome)
            crossing.join(30)
            seen += outcome.count("deadlock")
            a.close()
            b.close()
        print("deadlocks %d" % seen, flush=True)

        """

    /// Inserts one row into `lab_writes` every INTERVAL seconds, reconnecting after any error, and
    /// prints a line whenever writing starts or stops working: "up T N" or "down T N: error", with T
    /// the instant on CLOCK_BOOTTIME in nanoseconds (`BootClock`) and N the rows written so far.
    static let writeLoad = """
        import sys, time
        import psycopg2

        host, port, user, password, db, interval, label = sys.argv[1:8]
        interval = float(interval)
        conn, written, up = None, 0, None
        while True:
            try:
                if conn is None:
                    conn = psycopg2.connect(host=host, port=int(port), user=user, password=password,
                                            dbname=db, connect_timeout=1, application_name="lab-writes")
                    conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute("INSERT INTO lab_writes (source) VALUES (%s)", (label,))
                written += 1
                if up is not True:
                    print("up %d %d" % (time.clock_gettime_ns(time.CLOCK_BOOTTIME), written), flush=True)
                    up = True
            except psycopg2.Error as error:
                if up is not False:
                    print("down %d %d: %s" % (time.clock_gettime_ns(time.CLOCK_BOOTTIME), written,
                                              str(error).strip().replace("\\n", " ")), flush=True)
                    up = False
                try:
                    conn.close()
                except Exception:
                    pass
                conn = None
            time.sleep(interval)

        """

    /// Connects to ADDRESS PORT over TCP (one second at most) and prints "open", "refused" or
    /// "unreachable" (any other failure, with its reason).
    static let tcpProbe = """
        import socket, sys

        try:
            socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=1).close()
            print("open")
        except ConnectionRefusedError:
            print("refused")
        except OSError as error:
            print("unreachable %s" % error)

        """
}
#endif
