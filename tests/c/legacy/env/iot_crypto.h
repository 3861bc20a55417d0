/*
 * SPDX-License-Identifier: MIT
 *
 * Test stand-in for the Amazon FreeRTOS v1 crypto abstraction the v1 PALs
 * verify signatures with. vendor_env.c implements it with libota.a's
 * SHA-256 and ECDSA P-256 helpers (ota_signature.h).
 */

#ifndef __AWS_CRYPTO__H__
#define __AWS_CRYPTO__H__

#include "FreeRTOS.h"

#define cryptoSHA1_DIGEST_BYTES             20
#define cryptoSHA256_DIGEST_BYTES           32

#define cryptoHASH_ALGORITHM_SHA1           1
#define cryptoHASH_ALGORITHM_SHA256         2
#define cryptoASYMMETRIC_ALGORITHM_RSA      1
#define cryptoASYMMETRIC_ALGORITHM_ECDSA    2

void CRYPTO_ConfigureHeap( void );

BaseType_t CRYPTO_SignatureVerificationStart( void ** ppvContext,
                                              BaseType_t xAsymmetricAlgorithm,
                                              BaseType_t xHashAlgorithm );

void CRYPTO_SignatureVerificationUpdate( void * pvContext,
                                         const uint8_t * pucData,
                                         size_t xDataLength );

BaseType_t CRYPTO_SignatureVerificationFinal( void * pvContext,
                                              char * pcSignerCertificate,
                                              size_t xSignerCertificateLength,
                                              uint8_t * pucSignature,
                                              size_t xSignatureLength );

#endif /* __AWS_CRYPTO__H__ */
