/*
 * SPDX-License-Identifier: MIT
 *
 * ota_mqtt_private.h - the original agent's MQTT control and data channel
 * functions.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: it refers to OtaAgentContext_t,
 * whose layout follows ota_config.h and the user's enum width.
 *
 * Declared for source compatibility with code written against the original
 * (its unit tests and proofs). This library drives MQTT through the
 * OtaMqttInterface_t the application supplies and may not export these
 * functions.
 */

#ifndef OTA_MQTT_H
#define OTA_MQTT_H

/* OTA includes. */
#include "ota.h"
#include "ota_private.h"

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @brief Subscribe to job notifications and publish a request for the next
 * pending job.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t requestJob_Mqtt( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Subscribe to the data topic of the job's stream.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t initFileTransfer_Mqtt( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Publish a GetStream request for the blocks still missing.
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t requestFileBlock_Mqtt( OtaAgentContext_t * pAgentCtx );

/**
 * @brief Decode one CBOR stream data message.
 *
 * @param[in] pMessageBuffer The message.
 * @param[in] messageSize Its length in bytes.
 * @param[out] pFileId File ID.
 * @param[out] pBlockId Block index.
 * @param[out] pBlockSize Block length.
 * @param[in,out] pPayload Points to the buffer that receives the block bytes.
 * @param[in,out] pPayloadSize In: size of that buffer; out: bytes stored.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t decodeFileBlock_Mqtt( const uint8_t * pMessageBuffer,
                               size_t messageSize,
                               int32_t * pFileId,
                               int32_t * pBlockId,
                               int32_t * pBlockSize,
                               uint8_t * const * pPayload,
                               size_t * pPayloadSize );

/**
 * @brief Unsubscribe from the job topics (if the agent is set to do so).
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t cleanupControl_Mqtt( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Unsubscribe from the stream data topic (if the agent is set to do
 * so).
 *
 * @param[in] pAgentCtx The agent.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t cleanupData_Mqtt( const OtaAgentContext_t * pAgentCtx );

/**
 * @brief Publish a job execution status update.
 *
 * @param[in] pAgentCtx The agent.
 * @param[in] status New status of the job.
 * @param[in] reason Main reason (an OtaJobReason_t, or a code with
 * JobStatusFailedWithVal).
 * @param[in] subReason Secondary code.
 * @return OtaErrNone, or an error code.
 */
OtaErr_t updateJobStatus_Mqtt( const OtaAgentContext_t * pAgentCtx,
                               OtaJobStatus_t status,
                               int32_t reason,
                               int32_t subReason );

/**
 * @brief Name of an OtaMqttStatus_t value.
 *
 * @param[in] status The value.
 * @return A static string holding the enumerator name, or
 * "InvalidErrorCode".
 */
const char * OTA_MQTT_strerror( OtaMqttStatus_t status );

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_MQTT_H */
