//! A transport that sends a request's head and body in one write.
//!
//! ureq writes the request head and then the body with two separate `send` calls. Against a
//! local server, each is a loopback segment that wakes the server, which reads the head,
//! goes back to sleep and wakes again for the body: two system calls and a context switch
//! more per request than needed. [`Cork`] holds what ureq transmits until ureq waits for the
//! response (or until [`LIMIT`] bytes are held) and sends it in one write, as `TCP_CORK`
//! would. Nothing is ever held while ureq waits for input, so no exchange can stall on it.

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// Held bytes are sent once there are this many, without waiting for the response.
const LIMIT: usize = 64 * 1024;

/// Wraps each new connection's transport in [`Corked`].
#[derive(Debug, Default)]
pub(super) struct Cork;

impl Connector<Box<dyn Transport>> for Cork {
    type Out = Corked;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Corked>, ureq::Error> {
        Ok(chained.map(|inner| Corked {
            inner,
            held: Vec::new(),
        }))
    }
}

/// A transport whose output is held until input is awaited.
#[derive(Debug)]
pub(super) struct Corked {
    inner: Box<dyn Transport>,
    held: Vec<u8>,
}

impl Corked {
    /// Sends everything held, through the inner transport's output buffer.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let mut sent = 0;
        while sent < self.held.len() {
            let output = self.inner.buffers().output();
            let n = output.len().min(self.held.len() - sent);
            if n == 0 {
                let e = std::io::Error::other("the transport has no output buffer");
                return Err(ureq::Error::Io(e));
            }
            output[..n].copy_from_slice(&self.held[sent..sent + n]);
            self.inner.transmit_output(n, timeout)?;
            sent += n;
        }
        self.held.clear();
        Ok(())
    }
}

impl Transport for Corked {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let output = self.inner.buffers().output();
        self.held
            .extend_from_slice(&output[..amount.min(output.len())]);
        if self.held.len() >= LIMIT {
            self.flush(timeout)?;
        }
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.inner.maybe_await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.held.is_empty() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
