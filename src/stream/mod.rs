//! File delivery data plane: AWS IoT MQTT streams (CBOR) and HTTP ranges.
//!
//! Over MQTT the device publishes a GetStream request naming the blocks it
//! still needs (a bitmap) and the service answers with one CBOR message per
//! block. [`encode_get_stream_request`] builds the request and
//! [`decode_data_block`] parses a reply without copying its payload. Over
//! HTTP each block is one `Range` request; [`range_for_block`] computes it.

pub mod cbor;
pub mod http;

pub use cbor::{
    DataBlock, DecodeError, EncodeError, Field, MAX_SKIP_DEPTH, decode_data_block,
    encode_get_stream_request, get_stream_request_len,
};
pub use http::range_for_block;
