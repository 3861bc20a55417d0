/*
 * SPDX-License-Identifier: MIT
 *
 * ota_mqtt_interface.h - the MQTT client operations the OTA agent calls:
 * subscribe, unsubscribe and publish.
 *
 * Source-compatible with the AWS IoT OTA library v3.4.x header of the same
 * name. Written by hand in C, not generated: the status enum takes the width
 * the user's C compiler gives it, and the library is built to match.
 *
 * The agent uses these for the Jobs topics and, when data comes over MQTT,
 * for the stream topics. Messages that arrive on those topics are handed back
 * to the agent by the application through OTA_SignalEvent.
 */

#ifndef OTA_MQTT_INTERFACE_H
#define OTA_MQTT_INTERFACE_H

/* Standard library includes. */
#include <stddef.h>
#include <stdint.h>

/* *INDENT-OFF* */
#ifdef __cplusplus
    extern "C" {
#endif
/* *INDENT-ON* */

/**
 * @ingroup ota_enum_types
 * @brief Result of an MQTT interface call.
 */
typedef enum OtaMqttStatus
{
    OtaMqttSuccess = 0,          /*!< The call succeeded. */
    OtaMqttPublishFailed = 0xa0, /*!< The message could not be published. */
    OtaMqttSubscribeFailed,      /*!< The subscription could not be made (0xa1). */
    OtaMqttUnsubscribeFailed     /*!< The subscription could not be removed (0xa2). */
} OtaMqttStatus_t;

/**
 * @brief Subscribe to a topic filter.
 *
 * The filter string is NUL-terminated but only valid during the call; copy it
 * if the client needs it later.
 *
 * @param[in] pTopicFilter Topic filter to subscribe to.
 * @param[in] topicFilterLength Length of the filter, without the NUL.
 * @param[in] ucQoS MQTT quality of service for the subscription.
 * @return OtaMqttSuccess, or OtaMqttSubscribeFailed.
 */
typedef OtaMqttStatus_t ( * OtaMqttSubscribe_t ) ( const char * pTopicFilter,
                                                   uint16_t topicFilterLength,
                                                   uint8_t ucQoS );

/**
 * @brief Remove a subscription made with OtaMqttSubscribe_t.
 *
 * @param[in] pTopicFilter Topic filter to unsubscribe from.
 * @param[in] topicFilterLength Length of the filter, without the NUL.
 * @param[in] ucQoS Quality of service the subscription was made with.
 * @return OtaMqttSuccess, or OtaMqttUnsubscribeFailed.
 */
typedef OtaMqttStatus_t ( * OtaMqttUnsubscribe_t )  ( const char * pTopicFilter,
                                                      uint16_t topicFilterLength,
                                                      uint8_t ucQoS );

/**
 * @brief Publish a message.
 *
 * Topic and payload buffers belong to the agent and are only valid during
 * the call.
 *
 * @param[in] pacTopic Topic name.
 * @param[in] usTopicLen Length of the topic name.
 * @param[in] pcMsg Payload bytes.
 * @param[in] ulMsgSize Payload length in bytes.
 * @param[in] ucQoS MQTT quality of service for the message.
 * @return OtaMqttSuccess, or OtaMqttPublishFailed.
 */
typedef OtaMqttStatus_t ( * OtaMqttPublish_t )( const char * const pacTopic,
                                                uint16_t usTopicLen,
                                                const char * pcMsg,
                                                uint32_t ulMsgSize,
                                                uint8_t ucQoS );

/**
 * @ingroup ota_struct_types
 * @brief MQTT operations, in this order: subscribe, unsubscribe, publish.
 */
typedef struct OtaMqttInterface
{
    OtaMqttSubscribe_t subscribe;     /*!< Subscribe to a topic filter. */
    OtaMqttUnsubscribe_t unsubscribe; /*!< Unsubscribe from a topic filter. */
    OtaMqttPublish_t publish;         /*!< Publish a message. */
} OtaMqttInterface_t;

/* *INDENT-OFF* */
#ifdef __cplusplus
    }
#endif
/* *INDENT-ON* */

#endif /* ifndef OTA_MQTT_INTERFACE_H */
