/*
 * SPDX-License-Identifier: MIT
 *
 * ota_signature.h - file signature checks exported by libota.a, so that a PAL
 * can verify a received image without a crypto library of its own.
 *
 * Not part of the original library's interface: an addition of this one.
 * Covers what OTA jobs signed with "sig-sha256-ecdsa" need: SHA-256 of the
 * file and an ECDSA P-256 signature check against the signer's public key or
 * certificate.
 *
 * A PAL typically hashes the image in its closeFile (reading it back from
 * flash, or as blocks are written when they arrive in order), then calls
 * OTA_VerifySignatureP256 with the job's signature (pFileContext->pSignature)
 * and the signer key, and returns the status word as its own.
 *
 * All functions are reentrant and thread-safe: they keep no state outside the
 * caller's memory. They never retain a pointer passed to them.
 */

#ifndef OTA_SIGNATURE_H
#define OTA_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

/* OtaPalStatus_t and the OtaPal* main codes. */
#include "ota_platform_interface.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/** @brief Bytes in a SHA-256 digest. */
#define OTA_SHA256_DIGEST_LENGTH    32U

/** @brief 64-bit words in OtaSha256Context_t (128 bytes on every target). */
#define OTA_SHA256_CONTEXT_WORDS    16U

/**
 * @brief State of one SHA-256 computation, allocated by the caller (stack,
 * static or heap) and handled only through the OTA_Sha256* functions.
 *
 * The content is opaque. A context may be copied with memcpy to hash a
 * common prefix once. Update and Final on a context that was not initialised
 * by OTA_Sha256Init (or that Final already ended) do nothing.
 */
typedef struct OtaSha256Context
{
    uint64_t opaque[ OTA_SHA256_CONTEXT_WORDS ]; /*!< Private. */
} OtaSha256Context_t;

/*
 * Sub codes (the low 24 bits of the status word) of OTA_VerifySignatureP256
 * and OTA_VerifyFileSignatureP256, saying which step failed. They come with
 * the main code OtaPalBadSignerCert (key problems, 0x01..0x0a) or
 * OtaPalSignatureCheckFailed (everything else, 0x10..0x15).
 */
#define OTA_SIG_ERR_KEY_MISSING               0x01U /*!< No key: NULL, empty, or an empty key file. */
#define OTA_SIG_ERR_KEY_FORMAT                0x02U /*!< Not PEM, DER or a raw P-256 point. */
#define OTA_SIG_ERR_PEM_ARMOR                 0x03U /*!< No complete PUBLIC KEY or CERTIFICATE block. */
#define OTA_SIG_ERR_PEM_BASE64                0x04U /*!< The PEM body is not valid base64. */
#define OTA_SIG_ERR_CERT_STRUCTURE            0x05U /*!< The X.509 certificate is malformed. */
#define OTA_SIG_ERR_SPKI_STRUCTURE            0x06U /*!< The SubjectPublicKeyInfo is malformed. */
#define OTA_SIG_ERR_KEY_ALGORITHM             0x07U /*!< Not an EC key on the P-256 named curve. */
#define OTA_SIG_ERR_KEY_POINT                 0x08U /*!< The public point is not on P-256. */
#define OTA_SIG_ERR_KEY_FILE_READ             0x09U /*!< The key file could not be opened or read. */
#define OTA_SIG_ERR_KEY_FILE_TOO_LARGE        0x0aU /*!< The key file is larger than 64 KiB. */
#define OTA_SIG_ERR_SIGNATURE_MISSING         0x10U /*!< No signature: NULL or empty. */
#define OTA_SIG_ERR_SIGNATURE_ENCODING        0x11U /*!< Neither DER nor 64 raw bytes, or r/s out of range. */
#define OTA_SIG_ERR_SIGNATURE_MISMATCH        0x12U /*!< Well-formed, but does not match digest and key. */
#define OTA_SIG_ERR_DIGEST_MISSING            0x13U /*!< The digest pointer is NULL. */
#define OTA_SIG_ERR_FILE_OPEN                 0x14U /*!< The signed file could not be opened. */
#define OTA_SIG_ERR_FILE_READ                 0x15U /*!< The signed file could not be read to its end. */

/**
 * @brief Start a SHA-256 computation in pCtx. A NULL pCtx is ignored.
 *
 * @param[out] pCtx Context to (re)initialise.
 */
void OTA_Sha256Init( OtaSha256Context_t * pCtx );

/**
 * @brief Add length bytes to the computation. Data may be added in chunks of
 * any size. NULL arguments, or a length of 0, are ignored.
 *
 * @param[in,out] pCtx Context started with OTA_Sha256Init.
 * @param[in] pData Bytes to add.
 * @param[in] length Number of bytes at pData.
 */
void OTA_Sha256Update( OtaSha256Context_t * pCtx,
                       const uint8_t * pData,
                       size_t length );

/**
 * @brief Write the digest of everything added and end the computation (a
 * new OTA_Sha256Init is needed before the context is used again).
 *
 * If pCtx is NULL or was not initialised, pDigest receives 32 zero bytes.
 *
 * @param[in,out] pCtx Context started with OTA_Sha256Init.
 * @param[out] pDigest Receives OTA_SHA256_DIGEST_LENGTH (32) bytes.
 */
void OTA_Sha256Final( OtaSha256Context_t * pCtx,
                      uint8_t * pDigest );

/**
 * @brief Check an ECDSA P-256 signature over a SHA-256 digest.
 *
 * Key formats accepted (detected from the content):
 * - PEM "PUBLIC KEY" (SubjectPublicKeyInfo) or "CERTIFICATE" (X.509: its
 *   SubjectPublicKeyInfo is used). The first block with one of these labels
 *   is used; other blocks and text around them are skipped; a trailing NUL
 *   (a C string passed with sizeof) is fine.
 * - DER SubjectPublicKeyInfo or DER X.509 certificate.
 * - A raw SEC1 point: 65 bytes 04||X||Y (or 33 bytes compressed).
 *
 * The certificate is not validated (issuer, dates, extensions): the device
 * trusts the signer because it holds its certificate.
 *
 * Signature formats: DER SEQUENCE { INTEGER r, INTEGER s } (what
 * "openssl dgst -sha256 -sign" and the AWS code signer produce, and what the
 * job document's "sig-sha256-ecdsa" carries), or 64 raw bytes r||s.
 *
 * @param[in] pKey Key or certificate bytes.
 * @param[in] keyLength Bytes at pKey.
 * @param[in] pDigest SHA-256 digest of the signed data
 * (OTA_SHA256_DIGEST_LENGTH = 32 bytes).
 * @param[in] pSignature Signature bytes (e.g. pFileContext->pSignature->data).
 * @param[in] signatureLength Bytes at pSignature (e.g. pSignature->size).
 *
 * @return OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) if the signature is valid;
 * OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_* ) if the key is
 * unusable; OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_SIG_ERR_* )
 * if the digest or signature is missing, badly encoded or does not match.
 */
OtaPalStatus_t OTA_VerifySignatureP256( const uint8_t * pKey,
                                        size_t keyLength,
                                        const uint8_t * pDigest,
                                        const uint8_t * pSignature,
                                        size_t signatureLength );

/**
 * @brief Check the ECDSA P-256 signature of a whole file, with the key or
 * certificate stored in another file.
 *
 * Only in libota.a built for hosted targets (Linux, macOS, ...): bare-metal
 * builds have no file system and do not define it.
 *
 * The file is read in 4 KiB chunks (memory use does not grow with its size);
 * the key file (any format OTA_VerifySignatureP256 accepts) may be at most
 * 64 KiB. Write buffers must be flushed before the call.
 *
 * @param[in] pFilePath Path of the signed file.
 * @param[in] pKeyFilePath Path of the key or certificate file.
 * @param[in] pSignature Signature bytes.
 * @param[in] signatureLength Bytes at pSignature.
 *
 * @return As OTA_VerifySignatureP256; additionally OtaPalBadSignerCert with
 * OTA_SIG_ERR_KEY_FILE_READ / OTA_SIG_ERR_KEY_FILE_TOO_LARGE, and
 * OtaPalSignatureCheckFailed with OTA_SIG_ERR_FILE_OPEN /
 * OTA_SIG_ERR_FILE_READ.
 */
OtaPalStatus_t OTA_VerifyFileSignatureP256( const char * pFilePath,
                                            const char * pKeyFilePath,
                                            const uint8_t * pSignature,
                                            size_t signatureLength );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_SIGNATURE_H */
