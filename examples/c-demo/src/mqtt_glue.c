/*
 * SPDX-License-Identifier: MIT
 *
 * mqtt_glue.c - the agent's MQTT interface (OtaMqttInterface_t) over
 * libmosquitto, and the routing of incoming messages to the agent.
 *
 * - subscribe / unsubscribe / publish map to mosquitto_subscribe /
 *   mosquitto_unsubscribe / mosquitto_publish. Calls made by the agent wait
 *   (a few seconds at most) for the broker's SUBACK / UNSUBACK / PUBACK, so
 *   the agent learns whether they worked; QoS 0 publishes do not wait.
 * - Messages are copied into the application's pool of OtaEventData_t
 *   buffers and signalled to the agent:
 *     $aws/things/<thing>/jobs/notify-next          ReceivedJobDocument
 *     $aws/things/<thing>/jobs/$next/get/accepted   ReceivedJobDocument
 *     $aws/things/<thing>/streams/<s>/data/cbor     ReceivedFileBlock
 *   Other Jobs responses the service delivers to the device (for example
 *   .../jobs/<id>/update/accepted, the answers to the agent's status updates)
 *   are not job documents and are not passed on.
 * - The network loop runs in libmosquitto's thread (mosquitto_loop_start),
 *   which reconnects with exponential backoff (1 s to 8 s). After a
 *   reconnect the glue subscribes again to every topic the agent holds and
 *   calls OTA_CheckForUpdate: the agent asks for its job again and, for the
 *   job it was downloading, resumes with the blocks it already has.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mosquitto.h>

#include "demo.h"

#define MAX_TOPICS          8U
#define MAX_TOPIC_LENGTH    256U
#define ACK_WAIT_MS         5000
#define KEEP_ALIVE_S        30
#define RECENT_ACKS         64U

static struct mosquitto * pMosq = NULL;
static char thingTopicPrefix[ MAX_TOPIC_LENGTH ]; /* "$aws/things/<thing>/" */
static size_t thingTopicPrefixLength = 0;

static pthread_mutex_t glueLock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t glueCond;
static bool connected = false;
static unsigned connections = 0;
static char topics[ MAX_TOPICS ][ MAX_TOPIC_LENGTH ]; /* Subscriptions the agent holds. */
static uint8_t topicQos[ MAX_TOPICS ];
static int recentAcks[ RECENT_ACKS ]; /* Message ids acknowledged lately. */
static unsigned recentAckNext = 0;
static volatile bool quiet = false; /* About to reset or stop: say nothing. */

/*-----------------------------------------------------------*/

static void deadlineAfter( struct timespec * pTs,
                           int ms )
{
    ( void ) clock_gettime( CLOCK_MONOTONIC, pTs );
    pTs->tv_sec += ms / 1000;
    pTs->tv_nsec += ( long ) ( ms % 1000 ) * 1000000L;

    if( pTs->tv_nsec >= 1000000000L )
    {
        pTs->tv_sec++;
        pTs->tv_nsec -= 1000000000L;
    }
}

static void noteAck( int mid )
{
    ( void ) pthread_mutex_lock( &glueLock );
    recentAcks[ recentAckNext % RECENT_ACKS ] = mid;
    recentAckNext++;
    ( void ) pthread_cond_broadcast( &glueCond );
    ( void ) pthread_mutex_unlock( &glueLock );
}

/* Waits until the broker acknowledged `mid` (or the connection dropped). */
static bool waitForAck( int mid )
{
    struct timespec deadline;
    bool acked = false;
    unsigned i;

    deadlineAfter( &deadline, ACK_WAIT_MS );
    ( void ) pthread_mutex_lock( &glueLock );

    for( ; ; )
    {
        for( i = 0; i < RECENT_ACKS; i++ )
        {
            if( recentAcks[ i ] == mid )
            {
                recentAcks[ i ] = 0;
                acked = true;
            }
        }

        if( acked || !connected )
        {
            break;
        }

        if( pthread_cond_timedwait( &glueCond, &glueLock, &deadline ) == ETIMEDOUT )
        {
            break;
        }
    }

    ( void ) pthread_mutex_unlock( &glueLock );

    return acked;
}

static void rememberTopic( const char * pTopic,
                           uint8_t qos )
{
    size_t i, freeSlot = MAX_TOPICS;

    ( void ) pthread_mutex_lock( &glueLock );

    for( i = 0; i < MAX_TOPICS; i++ )
    {
        if( strcmp( topics[ i ], pTopic ) == 0 )
        {
            topicQos[ i ] = qos;
            freeSlot = MAX_TOPICS + 1U;
            break;
        }

        if( ( topics[ i ][ 0 ] == '\0' ) && ( freeSlot == MAX_TOPICS ) )
        {
            freeSlot = i;
        }
    }

    if( freeSlot < MAX_TOPICS )
    {
        ( void ) snprintf( topics[ freeSlot ], MAX_TOPIC_LENGTH, "%s", pTopic );
        topicQos[ freeSlot ] = qos;
    }

    ( void ) pthread_mutex_unlock( &glueLock );
}

static void forgetTopic( const char * pTopic )
{
    size_t i;

    ( void ) pthread_mutex_lock( &glueLock );

    for( i = 0; i < MAX_TOPICS; i++ )
    {
        if( strcmp( topics[ i ], pTopic ) == 0 )
        {
            topics[ i ][ 0 ] = '\0';
        }
    }

    ( void ) pthread_mutex_unlock( &glueLock );
}

/* Copies a (length, bytes) topic into a C string. */
static bool topicString( char * pOut,
                         const char * pTopic,
                         uint16_t length )
{
    if( ( pTopic == NULL ) || ( length == 0U ) || ( length >= MAX_TOPIC_LENGTH ) )
    {
        return false;
    }

    ( void ) memcpy( pOut, pTopic, length );
    pOut[ length ] = '\0';

    return true;
}

static bool endsWith( const char * pText,
                      const char * pSuffix )
{
    size_t n = strlen( pText ), m = strlen( pSuffix );

    return ( n >= m ) && ( strcmp( pText + n - m, pSuffix ) == 0 );
}

/*---------------------- libmosquitto callbacks ----------------------*/

static void onConnect( struct mosquitto * pM,
                       void * pObj,
                       int rc )
{
    char resubscribe[ MAX_TOPICS ][ MAX_TOPIC_LENGTH ];
    uint8_t qos[ MAX_TOPICS ];
    unsigned count;
    size_t i, n = 0;

    ( void ) pObj;

    if( rc != 0 )
    {
        demoSay( "MQTT: the broker refused the connection: %s", mosquitto_connack_string( rc ) );
        return;
    }

    ( void ) pthread_mutex_lock( &glueLock );
    connected = true;
    count = ++connections;

    for( i = 0; i < MAX_TOPICS; i++ )
    {
        if( topics[ i ][ 0 ] != '\0' )
        {
            ( void ) memcpy( resubscribe[ n ], topics[ i ], MAX_TOPIC_LENGTH );
            qos[ n ] = topicQos[ i ];
            n++;
        }
    }

    ( void ) pthread_cond_broadcast( &glueCond );
    ( void ) pthread_mutex_unlock( &glueLock );

    if( n == 0U )
    {
        /* The agent holds no subscription yet: nothing to restore. */
        demoSay( ( count == 1U ) ? "MQTT: connected" : "MQTT: reconnected" );
        return;
    }

    demoSay( "MQTT: %s (connection %u); subscribing again to %u topic(s)",
             ( count == 1U ) ? "connected" : "reconnected", count, ( unsigned ) n );

    for( i = 0; i < n; i++ )
    {
        if( mosquitto_subscribe( pM, NULL, resubscribe[ i ], qos[ i ] ) != MOSQ_ERR_SUCCESS )
        {
            demoSay( "MQTT: cannot subscribe again to %s", resubscribe[ i ] );
        }
    }

    /* Subscriptions go out before the agent's job request on this connection,
     * so the answer finds them in place. (The agent runs: it subscribed.) */
    if( OTA_CheckForUpdate() == OtaErrNone )
    {
        demoSay( "asked the agent to check for its job (a download in progress goes on where it was)" );
    }
}

static void onDisconnect( struct mosquitto * pM,
                          void * pObj,
                          int rc )
{
    bool was;

    ( void ) pM;
    ( void ) pObj;

    ( void ) pthread_mutex_lock( &glueLock );
    was = connected;
    connected = false;
    ( void ) pthread_cond_broadcast( &glueCond );
    ( void ) pthread_mutex_unlock( &glueLock );

    if( was && ( rc != 0 ) && !quiet )
    {
        demoSay( "MQTT: connection lost (%s); reconnecting with backoff", mosquitto_strerror( rc ) );
    }
}

static void onPublish( struct mosquitto * pM,
                       void * pObj,
                       int mid )
{
    ( void ) pM;
    ( void ) pObj;
    noteAck( mid );
}

static void onSubscribe( struct mosquitto * pM,
                         void * pObj,
                         int mid,
                         int qosCount,
                         const int * pGranted )
{
    ( void ) pM;
    ( void ) pObj;

    if( ( qosCount > 0 ) && ( pGranted[ 0 ] == 0x80 ) )
    {
        demoSay( "MQTT: the broker refused a subscription" );
        return;
    }

    noteAck( mid );
}

static void onUnsubscribe( struct mosquitto * pM,
                           void * pObj,
                           int mid )
{
    ( void ) pM;
    ( void ) pObj;
    noteAck( mid );
}

static void onMessage( struct mosquitto * pM,
                       void * pObj,
                       const struct mosquitto_message * pMsg )
{
    const char * pRest;
    OtaEvent_t eventId;

    ( void ) pM;
    ( void ) pObj;

    if( ( pMsg->topic == NULL ) ||
        ( strncmp( pMsg->topic, thingTopicPrefix, thingTopicPrefixLength ) != 0 ) )
    {
        return;
    }

    pRest = pMsg->topic + thingTopicPrefixLength;

    if( ( strcmp( pRest, "jobs/notify-next" ) == 0 ) ||
        ( strcmp( pRest, "jobs/$next/get/accepted" ) == 0 ) )
    {
        eventId = OtaAgentEventReceivedJobDocument;
    }
    else if( ( strncmp( pRest, "streams/", 8 ) == 0 ) && endsWith( pRest, "/data/cbor" ) )
    {
        eventId = OtaAgentEventReceivedFileBlock;
    }
    else
    {
        /* E.g. jobs/<id>/update/accepted: not for the agent. */
        return;
    }

    ( void ) demoSignalData( eventId, pMsg->payload, ( size_t ) pMsg->payloadlen );
}

static void onLog( struct mosquitto * pM,
                   void * pObj,
                   int level,
                   const char * pText )
{
    ( void ) pM;
    ( void ) pObj;

    if( ( level == MOSQ_LOG_ERR ) && ( getenv( "OTA_DEMO_MQTT_LOG" ) != NULL ) )
    {
        demoSay( "libmosquitto: %s", pText );
    }
}

/*------------------------------ public ------------------------------*/

bool mqttGlue_Start( const char * pHost,
                     int port,
                     const char * pClientId,
                     const char * pThingName,
                     uint32_t connectTimeoutMs )
{
    pthread_condattr_t attr;
    int64_t until = demoNowMs() + ( int64_t ) connectTimeoutMs;
    int rc;
    bool reported = false;

    ( void ) pthread_condattr_init( &attr );
    ( void ) pthread_condattr_setclock( &attr, CLOCK_MONOTONIC );
    ( void ) pthread_cond_init( &glueCond, &attr );
    ( void ) pthread_condattr_destroy( &attr );

    ( void ) snprintf( thingTopicPrefix, sizeof( thingTopicPrefix ), "$aws/things/%s/", pThingName );
    thingTopicPrefixLength = strlen( thingTopicPrefix );

    ( void ) mosquitto_lib_init();
    pMosq = mosquitto_new( pClientId, true, NULL );

    if( pMosq == NULL )
    {
        demoSay( "MQTT: mosquitto_new failed: %s", strerror( errno ) );
        return false;
    }

    mosquitto_connect_callback_set( pMosq, onConnect );
    mosquitto_disconnect_callback_set( pMosq, onDisconnect );
    mosquitto_publish_callback_set( pMosq, onPublish );
    mosquitto_subscribe_callback_set( pMosq, onSubscribe );
    mosquitto_unsubscribe_callback_set( pMosq, onUnsubscribe );
    mosquitto_message_callback_set( pMosq, onMessage );
    mosquitto_log_callback_set( pMosq, onLog );
    ( void ) mosquitto_int_option( pMosq, MOSQ_OPT_TCP_NODELAY, 1 );
    ( void ) mosquitto_reconnect_delay_set( pMosq, 1, 8, true );

    demoSay( "MQTT: connecting to %s:%d as client \"%s\"", pHost, port, pClientId );

    for( ; ; )
    {
        rc = mosquitto_connect( pMosq, pHost, port, KEEP_ALIVE_S );

        if( ( rc == MOSQ_ERR_SUCCESS ) || ( demoNowMs() >= until ) )
        {
            break;
        }

        if( !reported )
        {
            demoSay( "MQTT: broker not reachable yet (%s); retrying",
                     ( rc == MOSQ_ERR_ERRNO ) ? strerror( errno ) : mosquitto_strerror( rc ) );
            reported = true;
        }

        {
            struct timespec ts = { 0, 200L * 1000000L };
            ( void ) nanosleep( &ts, NULL );
        }
    }

    if( rc != MOSQ_ERR_SUCCESS )
    {
        /* A device does not stop because the network is down: the network
         * thread keeps trying, and the agent's own retries and timers decide
         * (a new image that cannot reach the service is rolled back by the
         * self-test timer). */
        demoSay( "MQTT: cannot connect to %s:%d (%s); starting anyway, the network thread keeps trying",
                 pHost, port, ( rc == MOSQ_ERR_ERRNO ) ? strerror( errno ) : mosquitto_strerror( rc ) );
    }

    rc = mosquitto_loop_start( pMosq );

    if( rc != MOSQ_ERR_SUCCESS )
    {
        demoSay( "MQTT: cannot start the network thread: %s", mosquitto_strerror( rc ) );
        return false;
    }

    /* Wait for the CONNACK. */
    {
        struct timespec deadline;

        deadlineAfter( &deadline, ACK_WAIT_MS );
        ( void ) pthread_mutex_lock( &glueLock );

        while( !connected )
        {
            if( pthread_cond_timedwait( &glueCond, &glueLock, &deadline ) == ETIMEDOUT )
            {
                break;
            }
        }

        ( void ) pthread_mutex_unlock( &glueLock );
    }

    return true;
}

void mqttGlue_Stop( void )
{
    if( pMosq != NULL )
    {
        ( void ) mosquitto_disconnect( pMosq );
        ( void ) mosquitto_loop_stop( pMosq, false );
        mosquitto_destroy( pMosq );
        pMosq = NULL;
        ( void ) mosquitto_lib_cleanup();
    }
}

void mqttGlue_Quiet( void )
{
    quiet = true;
}

bool mqttGlue_IsConnected( void )
{
    bool c;

    ( void ) pthread_mutex_lock( &glueLock );
    c = connected;
    ( void ) pthread_mutex_unlock( &glueLock );

    return c;
}

unsigned mqttGlue_Connections( void )
{
    unsigned c;

    ( void ) pthread_mutex_lock( &glueLock );
    c = connections;
    ( void ) pthread_mutex_unlock( &glueLock );

    return c;
}

OtaMqttStatus_t mqttGlue_Subscribe( const char * pTopicFilter,
                                    uint16_t topicFilterLength,
                                    uint8_t qos )
{
    char topic[ MAX_TOPIC_LENGTH ];
    int mid = 0;

    if( !topicString( topic, pTopicFilter, topicFilterLength ) )
    {
        return OtaMqttSubscribeFailed;
    }

    /* Kept even if the broker is away now: a reconnect restores it. */
    rememberTopic( topic, qos );

    if( !mqttGlue_IsConnected() ||
        ( mosquitto_subscribe( pMosq, &mid, topic, qos ) != MOSQ_ERR_SUCCESS ) ||
        !waitForAck( mid ) )
    {
        return OtaMqttSubscribeFailed;
    }

    return OtaMqttSuccess;
}

OtaMqttStatus_t mqttGlue_Unsubscribe( const char * pTopicFilter,
                                      uint16_t topicFilterLength,
                                      uint8_t qos )
{
    char topic[ MAX_TOPIC_LENGTH ];
    int mid = 0;

    ( void ) qos;

    if( !topicString( topic, pTopicFilter, topicFilterLength ) )
    {
        return OtaMqttUnsubscribeFailed;
    }

    forgetTopic( topic );

    if( !mqttGlue_IsConnected() ||
        ( mosquitto_unsubscribe( pMosq, &mid, topic ) != MOSQ_ERR_SUCCESS ) ||
        !waitForAck( mid ) )
    {
        return OtaMqttUnsubscribeFailed;
    }

    return OtaMqttSuccess;
}

OtaMqttStatus_t mqttGlue_Publish( const char * const pTopic,
                                  uint16_t topicLength,
                                  const char * pMessage,
                                  uint32_t messageLength,
                                  uint8_t qos )
{
    char topic[ MAX_TOPIC_LENGTH ];
    int mid = 0;

    if( !topicString( topic, pTopic, topicLength ) || !mqttGlue_IsConnected() )
    {
        return OtaMqttPublishFailed;
    }

    if( qos > 1U )
    {
        qos = 1U;
    }

    if( mosquitto_publish( pMosq, &mid, topic, ( int ) messageLength, pMessage, qos, false ) !=
        MOSQ_ERR_SUCCESS )
    {
        return OtaMqttPublishFailed;
    }

    if( ( qos == 1U ) && !waitForAck( mid ) )
    {
        return OtaMqttPublishFailed;
    }

    return OtaMqttSuccess;
}
