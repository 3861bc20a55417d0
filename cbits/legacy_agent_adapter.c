/*
 * SPDX-License-Identifier: MIT
 *
 * The Amazon FreeRTOS v1 agent API (OTA_AgentInit, OTA_SetImageState, ...
 * as declared in include/aws_iot_ota_agent.h) on top of the v3 agent, and
 * OTA_V1_SetPlatform / OTA_V1_GetConnection (include/ota_v1_adapter.h).
 *
 * What maps how:
 * - OTA_AgentInit: copies the platform's interfaces with the v1 PAL in them,
 *   OTA_Init with a callback of this file, signals Start, starts the task
 *   through the platform hook and waits for the agent as v1 did. Called
 *   again while the agent runs it only replaces the callbacks and zeroes the
 *   statistics (v1 behaviour).
 * - v3 callback events become v1 ones: Activate, Fail and StartTest go to
 *   the application's complete callback (or v1's default: activate on
 *   Activate, accept on StartTest); custom jobs to the custom-job callback.
 *   The rest goes to the platform's event hook.
 * - Agent states: V1.1/V1.2 share v3's numbering; V1.0.x has only NotReady,
 *   Ready, Active and ShuttingDown, and gets the nearest of those.
 * - Results: v3 OtaErr_t values become the kOTA_Err_* codes v1 returned in
 *   the same situations.
 *
 * The v1 symbols the agent needs under their v3 names (the signature key,
 * the application version) are renamed by the v1 headers, not defined here:
 * a definition in libota.a would be linked into every program whose own
 * definition comes later on the command line (GNU ld extracts archive
 * members for weak and common definitions too).
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ota.h"
#include "ota_platform_interface.h"
#include "ota_v1_adapter.h"

/* The v3 functions whose names the v1 header takes over, wrapped while they
 * still have their v3 meaning. */
static OtaErr_t v3SetImageState( OtaImageState_t state )
{
    return OTA_SetImageState( state );
}

static OtaErr_t v3CheckForUpdate( void )
{
    return OTA_CheckForUpdate();
}

static OtaErr_t v3Suspend( void )
{
    return OTA_Suspend();
}

static OtaErr_t v3Resume( void )
{
    return OTA_Resume();
}

#include "legacy_internal.h"

/* Agent states of the V1.0.x header. */
#define V1_0_STATE_UNKNOWN          ( -1 )
#define V1_0_STATE_NOT_READY        0
#define V1_0_STATE_READY            1
#define V1_0_STATE_ACTIVE           2
#define V1_0_STATE_SHUTTING_DOWN    3

static OtaV1Platform_t platform;
static bool platformSet = false;
static OtaInterfaces_t interfaces;
static void * connection = NULL;
static pxOTACompleteCallback_t completeCallback = NULL;
static pxOTACustomJobCallback_t customJobCallback = NULL;
static const OtaAppBuffer_t noBuffers;

bool OTA_V1_SetPlatform( const OtaV1Platform_t * pPlatform )
{
    if( ( pPlatform == NULL ) || ( pPlatform->pInterfaces == NULL ) )
    {
        LogError( ( "OTA_V1_SetPlatform: a platform with interfaces is required." ) );
        return false;
    }

    platform = *pPlatform;
    platformSet = true;
    return true;
}

void * OTA_V1_GetConnection( void )
{
    return connection;
}

static bool layoutKnown( uint32_t layout )
{
    return ( layout == OTA_V1_LAYOUT_V1_0 ) || ( layout == OTA_V1_LAYOUT_V1_1 );
}

static int32_t toV1State( OtaState_t state,
                          uint32_t layout )
{
    int32_t v1;

    if( layout != OTA_V1_LAYOUT_V1_0 )
    {
        /* V1.1/V1.2 numbering is v3's. */
        return ( int32_t ) state;
    }

    switch( state )
    {
        case OtaAgentStateStopped:
        case OtaAgentStateInit:
            v1 = V1_0_STATE_NOT_READY;
            break;

        case OtaAgentStateReady:
        case OtaAgentStateRequestingJob:
        case OtaAgentStateWaitingForJob:
        case OtaAgentStateSuspended:
            v1 = V1_0_STATE_READY;
            break;

        case OtaAgentStateCreatingFile:
        case OtaAgentStateRequestingFileBlock:
        case OtaAgentStateWaitingForFileBlock:
        case OtaAgentStateClosingFile:
            v1 = V1_0_STATE_ACTIVE;
            break;

        case OtaAgentStateShuttingDown:
            v1 = V1_0_STATE_SHUTTING_DOWN;
            break;

        default:
            v1 = V1_0_STATE_UNKNOWN;
            break;
    }

    return v1;
}

/* Waits up to `ticks` ticks while `busy` holds for the current state. */
static void waitForAgent( uint32_t ticks,
                          bool ( * busy )( OtaState_t ) )
{
    uint32_t i;

    for( i = 0U; ( i < ticks ) && busy( OTA_GetState() ); i++ )
    {
        if( platform.delayOneTick != NULL )
        {
            platform.delayOneTick();
        }
    }
}

static bool starting( OtaState_t state )
{
    return ( state == OtaAgentStateInit ) || ( state == OtaAgentStateReady ) ||
           ( state == OtaAgentStateRequestingJob );
}

static bool stopping( OtaState_t state )
{
    return state != OtaAgentStateStopped;
}

/*----------------------------- v3 callback --------------------------------*/

static void completeEvent( OTA_JobEvent_t event )
{
    if( completeCallback != NULL )
    {
        completeCallback( event );
        return;
    }

    /* The v1 agent's default complete callback. */
    switch( event )
    {
        case eOTA_JobEvent_Activate:
            LogInfo( ( "v1 default callback: activating the new image." ) );
            ( void ) OTA_V1_ActivateNewImage();
            break;

        case eOTA_JobEvent_StartTest:
            LogInfo( ( "v1 default callback: accepting the new image." ) );
            ( void ) OTA_V1_SetImageState( eOTA_ImageState_Accepted );
            break;

        default:
            LogWarn( ( "v1 default callback: the update failed." ) );
            break;
    }
}

static void customJob( OtaJobDocument_t * pJob )
{
    OTA_JobParseErr_t result;

    if( customJobCallback == NULL )
    {
        if( platform.eventHook != NULL )
        {
            platform.eventHook( OtaJobEventParseCustomJob, pJob );
        }

        return;
    }

    result = customJobCallback( ( const char * ) pJob->pJobDocJson, ( uint32_t ) pJob->jobDocLength );

    if( result == eOTA_JobParseErr_None )
    {
        /* What the v1 agent reported for a custom job its callback took. */
        pJob->parseErr = OtaJobParseErrNone;
        pJob->status = JobStatusSucceeded;
        pJob->reason = ( int32_t ) JobReasonAccepted;
        pJob->subReason = 0;
    }
    else
    {
        pJob->parseErr = OtaJobParseErrNonConformingJobDoc;
    }
}

static void agentCallback( OtaJobEvent_t event,
                           void * pData )
{
    switch( event )
    {
        case OtaJobEventActivate:
            completeEvent( eOTA_JobEvent_Activate );
            break;

        case OtaJobEventFail:
            completeEvent( eOTA_JobEvent_Fail );
            break;

        case OtaJobEventStartTest:
            completeEvent( eOTA_JobEvent_StartTest );
            break;

        case OtaJobEventParseCustomJob:

            if( pData != NULL )
            {
                customJob( ( OtaJobDocument_t * ) pData );
            }

            break;

        default:

            if( platform.eventHook != NULL )
            {
                platform.eventHook( event, pData );
            }

            break;
    }
}

/*------------------------------- Agent API --------------------------------*/

static int32_t agentInit( void * pvConnectionContext,
                          const uint8_t * pucThingName,
                          const OTA_PAL_Callbacks_t * pCallbacks,
                          pxOTACompleteCallback_t xFunc,
                          uint32_t xTicksToWait,
                          uint32_t layout )
{
    OtaEventMsg_t start;
    OtaErr_t err;

    if( !layoutKnown( layout ) )
    {
        LogError( ( "OTA_AgentInit: unknown OTA_V1_FILE_CONTEXT_LAYOUT %u (100 or 110).", ( unsigned ) layout ) );
        return V1_0_STATE_UNKNOWN;
    }

    if( !platformSet )
    {
        LogError( ( "OTA_AgentInit: call OTA_V1_SetPlatform first (OS and MQTT interfaces)." ) );
        return toV1State( OTA_GetState(), layout );
    }

    completeCallback = xFunc;
    customJobCallback = ( pCallbacks != NULL ) ? pCallbacks->xCustomJobCallback : NULL;
    connection = pvConnectionContext;
    ota_v1_pal_set_layout( layout );
    ota_v1_pal_use_callbacks( pCallbacks );

    if( OTA_GetState() != OtaAgentStateStopped )
    {
        /* Already running: OTA_Init only zeroes the statistics. */
        ( void ) OTA_Init( ( platform.pAppBuffer != NULL ) ? platform.pAppBuffer : &noBuffers,
                           &interfaces, pucThingName, agentCallback );
        return toV1State( OTA_GetState(), layout );
    }

    interfaces = *platform.pInterfaces;
    ota_v1_pal_fill_interface( &interfaces.pal );

    err = OTA_Init( ( platform.pAppBuffer != NULL ) ? platform.pAppBuffer : &noBuffers,
                    &interfaces, pucThingName, agentCallback );

    if( err != OtaErrNone )
    {
        LogError( ( "OTA_AgentInit: OTA_Init failed (%s).", OTA_Err_strerror( err ) ) );
        return toV1State( OTA_GetState(), layout );
    }

    ( void ) memset( &start, 0, sizeof( start ) );
    start.eventId = OtaAgentEventStart;

    if( !OTA_SignalEvent( &start ) )
    {
        LogError( ( "OTA_AgentInit: the start event could not be queued." ) );
    }

    if( platform.startAgentTask != NULL )
    {
        platform.startAgentTask();
        waitForAgent( xTicksToWait, starting );
    }

    return toV1State( OTA_GetState(), layout );
}

int32_t OTA_V1_AgentInit( void * pvConnectionContext,
                          const uint8_t * pucThingName,
                          pxOTACompleteCallback_t xFunc,
                          uint32_t xTicksToWait,
                          uint32_t layout )
{
    return agentInit( pvConnectionContext, pucThingName, NULL, xFunc, xTicksToWait, layout );
}

int32_t OTA_V1_AgentInitInternal( void * pvConnectionContext,
                                  const uint8_t * pucThingName,
                                  const void * pxCallbacks,
                                  uint32_t xTicksToWait,
                                  uint32_t layout )
{
    const OTA_PAL_Callbacks_t * pCallbacks = ( const OTA_PAL_Callbacks_t * ) pxCallbacks;

    return agentInit( pvConnectionContext, pucThingName, pCallbacks,
                      ( pCallbacks != NULL ) ? pCallbacks->xCompleteCallback : NULL,
                      xTicksToWait, layout );
}

int32_t OTA_V1_AgentShutdown( uint32_t xTicksToWait,
                              uint32_t layout )
{
    if( !layoutKnown( layout ) )
    {
        return V1_0_STATE_UNKNOWN;
    }

    ( void ) OTA_Shutdown( 0U, 1U );
    waitForAgent( xTicksToWait, stopping );
    return toV1State( OTA_GetState(), layout );
}

int32_t OTA_V1_GetAgentState( uint32_t layout )
{
    if( !layoutKnown( layout ) )
    {
        return V1_0_STATE_UNKNOWN;
    }

    return toV1State( OTA_GetState(), layout );
}

OTA_Err_t OTA_V1_ActivateNewImage( void )
{
    OTA_Err_t err = ota_v1_pal_callbacks()->xActivateNewImage( ota_v1_pal_server_file_id() );

    /* Activation normally resets the device; returning means it did not. */
    LogError( ( "Failed to activate the new image (0x%08x): reset the device manually.", ( unsigned ) err ) );
    return err;
}

OTA_Err_t OTA_V1_SetImageState( OTA_ImageState_t eState )
{
    OTA_Err_t result;

    switch( eState )
    {
        case eOTA_ImageState_Aborted:

            /* v1 answered Panic when its event group did not exist. */
            if( OTA_GetState() == OtaAgentStateStopped )
            {
                result = kOTA_Err_Panic;
            }
            else
            {
                result = ( v3SetImageState( OtaImageStateAborted ) == OtaErrNone ) ? kOTA_Err_None : kOTA_Err_Panic;
            }

            break;

        case eOTA_ImageState_Accepted:
        case eOTA_ImageState_Rejected:

            switch( v3SetImageState( ( eState == eOTA_ImageState_Accepted ) ? OtaImageStateAccepted : OtaImageStateRejected ) )
            {
                case OtaErrNone:
                    result = kOTA_Err_None;
                    break;

                case OtaErrNoActiveJob:
                    result = kOTA_Err_NoActiveJob;
                    break;

                case OtaErrUninitialized:
                    /* Never initialised: v1 still told the PAL, then found no job. */
                    ( void ) ota_v1_pal_callbacks()->xSetPlatformImageState( ota_v1_pal_server_file_id(), eState );
                    result = kOTA_Err_NoActiveJob;
                    break;

                case OtaErrUpdateJobStatusFailed:
                    result = kOTA_Err_PublishFailed;
                    break;

                case OtaErrSignalEventFailed:
                    result = kOTA_Err_EventQueueSendFailed;
                    break;

                default:
                    result = kOTA_Err_Panic;
                    break;
            }

            break;

        default:
            result = kOTA_Err_BadImageState;
            break;
    }

    return result;
}

OTA_Err_t OTA_V1_CheckForUpdate( void )
{
    return ( v3CheckForUpdate() == OtaErrNone ) ? kOTA_Err_None : kOTA_Err_EventQueueSendFailed;
}

static OTA_Err_t suspendResumeResult( OtaErr_t err )
{
    if( err == OtaErrNone )
    {
        return kOTA_Err_None;
    }

    return ( err == OtaErrAgentStopped ) ? kOTA_Err_OTAAgentStopped : kOTA_Err_EventQueueSendFailed;
}

OTA_Err_t OTA_V1_Suspend( void )
{
    if( OTA_GetState() == OtaAgentStateStopped )
    {
        return kOTA_Err_OTAAgentStopped;
    }

    return suspendResumeResult( v3Suspend() );
}

OTA_Err_t OTA_V1_Resume( void * pxConnection )
{
    if( OTA_GetState() == OtaAgentStateStopped )
    {
        return kOTA_Err_OTAAgentStopped;
    }

    if( pxConnection != NULL )
    {
        connection = pxConnection;
    }

    return suspendResumeResult( v3Resume() );
}

static OtaAgentStatistics_t statistics( void )
{
    OtaAgentStatistics_t s;

    ( void ) memset( &s, 0, sizeof( s ) );
    ( void ) OTA_GetStatistics( &s );
    return s;
}

uint32_t OTA_GetPacketsReceived( void )
{
    return statistics().otaPacketsReceived;
}

uint32_t OTA_GetPacketsQueued( void )
{
    return statistics().otaPacketsQueued;
}

uint32_t OTA_GetPacketsProcessed( void )
{
    return statistics().otaPacketsProcessed;
}

uint32_t OTA_GetPacketsDropped( void )
{
    return statistics().otaPacketsDropped;
}
