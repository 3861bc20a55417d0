/*
 * SPDX-License-Identifier: MIT
 *
 * ota_cbor_private.h - CBOR keys of the AWS IoT stream messages, and the
 * original agent's encoder / decoder entry points for them.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, like the rest of the public headers, so that
 * all of them follow the user's compiler and configuration the same way.
 *
 * The key strings are the wire format of the service. The two functions are
 * declared for source compatibility (tests and proofs written against the
 * original); this library may not export them.
 */

#ifndef OTA_CBOR_H
#define OTA_CBOR_H

/* Types used in the prototypes below. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/*
 * Map keys of GetStream requests and of the data messages that answer them.
 */
#define OTA_CBOR_CLIENTTOKEN_KEY          "c" /*!< Client token (text). */
#define OTA_CBOR_FILEID_KEY               "f" /*!< File ID within the stream. */
#define OTA_CBOR_BLOCKSIZE_KEY            "l" /*!< Block size; in a response, this block's length. */
#define OTA_CBOR_BLOCKOFFSET_KEY          "o" /*!< Index of the first block the bitmap refers to. */
#define OTA_CBOR_BLOCKBITMAP_KEY          "b" /*!< Bitmap of requested blocks (byte string). */
#define OTA_CBOR_STREAMDESCRIPTION_KEY    "d" /*!< Stream description. */
#define OTA_CBOR_STREAMFILES_KEY          "r" /*!< Files of the stream. */
#define OTA_CBOR_FILESIZE_KEY             "z" /*!< File size. */
#define OTA_CBOR_BLOCKID_KEY              "i" /*!< Index of the block carried. */
#define OTA_CBOR_BLOCKPAYLOAD_KEY         "p" /*!< Block bytes. */
#define OTA_CBOR_NUMBEROFBLOCKS_KEY       "n" /*!< Number of blocks requested. */

/**
 * @brief Decode one stream data message.
 *
 * @param[in] pMessageBuffer The CBOR message.
 * @param[in] messageSize Its length in bytes.
 * @param[out] pFileId File ID ("f").
 * @param[out] pBlockId Block index ("i").
 * @param[out] pBlockSize Block length ("l").
 * @param[in,out] pPayload Points to the buffer that receives the block bytes.
 * @param[in,out] pPayloadSize In: size of that buffer; out: bytes stored.
 * @return true if the message was decoded.
 */
bool OTA_CBOR_Decode_GetStreamResponseMessage( const uint8_t * pMessageBuffer,
                                               size_t messageSize,
                                               int32_t * pFileId,
                                               int32_t * pBlockId,
                                               int32_t * pBlockSize,
                                               uint8_t * const * pPayload,
                                               size_t * pPayloadSize );

/**
 * @brief Encode one GetStream request.
 *
 * @param[out] pMessageBuffer Receives the CBOR message.
 * @param[in] messageBufferSize Size of that buffer.
 * @param[out] pEncodedMessageSize Bytes written.
 * @param[in] pClientToken Client token ("c").
 * @param[in] fileId File ID ("f").
 * @param[in] blockSize Block size ("l").
 * @param[in] blockOffset First block the bitmap refers to ("o").
 * @param[in] pBlockBitmap Bitmap of wanted blocks ("b").
 * @param[in] blockBitmapSize Length of the bitmap in bytes.
 * @param[in] numOfBlocksRequested Number of blocks wanted ("n").
 * @return true if the message fit and was encoded.
 */
bool OTA_CBOR_Encode_GetStreamRequestMessage( uint8_t * pMessageBuffer,
                                              size_t messageBufferSize,
                                              size_t * pEncodedMessageSize,
                                              const char * pClientToken,
                                              int32_t fileId,
                                              int32_t blockSize,
                                              int32_t blockOffset,
                                              const uint8_t * pBlockBitmap,
                                              size_t blockBitmapSize,
                                              int32_t numOfBlocksRequested );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_CBOR_H */
