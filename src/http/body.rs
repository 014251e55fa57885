//! The response body hyper writes: the whole answer at once (with its
//! length), or a stream's chunks as they arrive (chunked encoding).

use super::BodyStream;
use hyper::body::{Body, Bytes, Frame, SizeHint};
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

pub enum Outgoing {
    /// `None` once sent (or when empty).
    Whole(Option<Bytes>),
    Stream(BodyStream),
}

impl Outgoing {
    pub fn whole(bytes: Vec<u8>) -> Outgoing {
        Outgoing::Whole((!bytes.is_empty()).then(|| Bytes::from(bytes)))
    }
}

impl Body for Outgoing {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Outgoing::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Outgoing::Stream(chunks) => chunks
                .poll_recv(cx)
                .map(|chunk| chunk.map(|c| Ok(Frame::data(Bytes::from(c))))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Outgoing::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Outgoing::Whole(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Outgoing::Stream(_) => SizeHint::default(),
        }
    }
}
