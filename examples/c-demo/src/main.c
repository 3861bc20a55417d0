/*
 * SPDX-License-Identifier: MIT
 *
 * main.c - an over-the-air update demo "firmware" for a POSIX host, built
 * against libota.a (the OTA agent), the POSIX OS port and PAL in
 * ports/posix, libmosquitto (MQTT) and a small HTTP client.
 *
 *   ota_demo --broker HOST:PORT --thing NAME --image PATH --state-dir DIR
 *            [--version X.Y.Z] [--client-id ID] [--fail-self-test]
 *            [--timeout SECONDS]
 *
 * The device runs the image in its boot slot (DIR/boot.img; without one, the
 * factory firmware of version --version, 1.0.1 by default). It connects to
 * the broker, starts the agent and waits for a job. A job's file is received
 * into PATH (the job's "filepath") and checked against its signature by the
 * PAL. Then:
 *
 *   1. Activation ("reboot"): the PAL marks the image pending-commit and the
 *      activation hook re-executes this program. The new process finds the
 *      image pending, reads its version from the image header
 *      ("OTA-DEMO-IMAGE vX.Y.Z") and runs as that version.
 *   2. Self-test: the agent gets the same job again, sees the self-test
 *      flag and calls OtaJobEventStartTest. The demo checks the image and
 *      accepts it (job SUCCEEDED; the image is installed in the boot slot) or
 *      rejects it (job FAILED; the device resets and comes back on the old
 *      version).
 *
 * Exit codes: 0 update installed; 1 update failed (download or signature);
 * 2 the new image was rejected and rolled back; 3 the job was cancelled or
 * removed during the download; 4 set-up error; 5 --timeout.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "demo.h"
#include "ota_os_posix.h"
#include "ota_pal_posix.h"

#define EXIT_UPDATED           0
#define EXIT_UPDATE_FAILED     1
#define EXIT_ROLLED_BACK       2
#define EXIT_JOB_CANCELED      3
#define EXIT_SETUP_ERROR       4
#define EXIT_TIMEOUT           5

#define MAX_BOOTS              8
#define PATH_SIZE              512

/* Environment passed from one "boot" to the next, like a reset-cause
 * register: why this process was started, and which image to test. */
#define ENV_BOOT_REASON        "OTA_DEMO_BOOT"
#define ENV_PENDING_IMAGE      "OTA_DEMO_PENDING_IMAGE"
#define ENV_BOOT_COUNT         "OTA_DEMO_BOOT_COUNT"

/* The firmware version the agent reports; set at start-up from the image
 * that booted (OTA_USE_NONCONST_APPVERSION is 1 in ota_config.h). */
AppVersion32_t appFirmwareVersion;

extern char ** environ;

/*------------------------------ settings ------------------------------*/

static char brokerHost[ 256 ] = "127.0.0.1";
static int brokerPort = 1883;
static const char * pThingName = NULL;
static const char * pClientId = NULL;
static const char * pImagePath = NULL;
static const char * pStateDir = NULL;
static AppVersion32_t factoryVersion;
static bool failSelfTestFlag = false;
static unsigned timeoutSeconds = 0;

static char selfExe[ PATH_SIZE ];
static char ** savedArgv;
static char bootSlotPath[ PATH_SIZE ];
static char stateFilePath[ PATH_SIZE ];
static char runningImagePath[ PATH_SIZE ]; /* The image to self-test, if pending. */
static const char * pBootReason = "power-on";
static int bootCount = 0;
static bool imagePending = false;
static bool rolledBack = false;

/*------------------------------- outcome ------------------------------*/

static volatile bool jobActive = false;
static volatile uint32_t jobFileSize = 0;

static const char * versionText( AppVersion32_t v )
{
    static char text[ 4 ][ 24 ];
    static unsigned next = 0;
    char * p = text[ next++ % 4U ];

    ( void ) snprintf( p, sizeof( text[ 0 ] ), "v%u.%u.%u", ( unsigned ) v.u.x.major,
                       ( unsigned ) v.u.x.minor, ( unsigned ) v.u.x.build );

    return p;
}

/*------------------------------- reboot -------------------------------*/

/* "Reboot": start this program again with the same arguments, like a reset
 * into the boot loader. Open descriptors (the MQTT and HTTP sockets, files)
 * are closed as a reset would. Does not return. */
static void reboot( const char * pReason,
                    const char * pPendingImage )
{
    static char reasonVar[ 64 ], imageVar[ PATH_SIZE + 32 ], countVar[ 48 ];
    char ** envp;
    size_t n = 0, i, j = 0;
    long fd, maxFd;

    if( bootCount + 1 >= MAX_BOOTS )
    {
        demoSay( "too many reboots in a row (%d): stopping", bootCount + 1 );
        _exit( EXIT_SETUP_ERROR );
    }

    ( void ) snprintf( reasonVar, sizeof( reasonVar ), "%s=%s", ENV_BOOT_REASON, pReason );
    ( void ) snprintf( imageVar, sizeof( imageVar ), "%s=%s", ENV_PENDING_IMAGE,
                       ( pPendingImage != NULL ) ? pPendingImage : "" );
    ( void ) snprintf( countVar, sizeof( countVar ), "%s=%d", ENV_BOOT_COUNT, bootCount + 1 );

    while( environ[ n ] != NULL )
    {
        n++;
    }

    envp = calloc( n + 4U, sizeof( char * ) );

    if( envp == NULL )
    {
        _exit( EXIT_SETUP_ERROR );
    }

    for( i = 0; i < n; i++ )
    {
        if( ( strncmp( environ[ i ], ENV_BOOT_REASON "=", strlen( ENV_BOOT_REASON ) + 1U ) != 0 ) &&
            ( strncmp( environ[ i ], ENV_PENDING_IMAGE "=", strlen( ENV_PENDING_IMAGE ) + 1U ) != 0 ) &&
            ( strncmp( environ[ i ], ENV_BOOT_COUNT "=", strlen( ENV_BOOT_COUNT ) + 1U ) != 0 ) )
        {
            envp[ j++ ] = environ[ i ];
        }
    }

    envp[ j++ ] = reasonVar;
    envp[ j++ ] = imageVar;
    envp[ j++ ] = countVar;
    envp[ j ] = NULL;

    demoSay( "rebooting (%s) ...", pReason );
    mqttGlue_Quiet();
    ( void ) fflush( stdout );
    ( void ) fflush( stderr );

    maxFd = sysconf( _SC_OPEN_MAX );

    if( ( maxFd < 0 ) || ( maxFd > 65536 ) )
    {
        maxFd = 65536;
    }

    for( fd = 3; fd < maxFd; fd++ )
    {
        ( void ) close( ( int ) fd );
    }

    ( void ) execve( selfExe, savedArgv, envp );
    ( void ) fprintf( stderr, "ota_demo: cannot restart %s: %s\n", selfExe, strerror( errno ) );
    _exit( EXIT_SETUP_ERROR );
}

/* PAL activation hook: the verified image is pending commit; boot it. */
static void activateHook( const char * pPath )
{
    demoSay( "the new image %s is marked pending-commit; booting it", pPath );
    reboot( "activate", pPath );
}

/* PAL reset hook (self-test timeout, rejected image, job mismatch). After a
 * reset an image that was never committed is Invalid and the boot slot is
 * unchanged, so the old firmware comes back. */
static void resetHook( void )
{
    reboot( "reset", NULL );
}

/*---------------------------- boot and self-test -----------------------*/

/* Installs the accepted image in the boot slot (write a copy, then rename). */
static bool installImage( const char * pFrom )
{
    char tmp[ PATH_SIZE + 8 ];
    char buffer[ 64 * 1024 ];
    FILE * pIn, * pOut;
    size_t n;
    bool ok = true;

    ( void ) snprintf( tmp, sizeof( tmp ), "%s.tmp", bootSlotPath );
    pIn = fopen( pFrom, "rb" );

    if( pIn == NULL )
    {
        return false;
    }

    pOut = fopen( tmp, "wb" );

    if( pOut == NULL )
    {
        ( void ) fclose( pIn );
        return false;
    }

    while( ( n = fread( buffer, 1, sizeof( buffer ), pIn ) ) > 0U )
    {
        if( fwrite( buffer, 1, n, pOut ) != n )
        {
            ok = false;
            break;
        }
    }

    ok = ok && !ferror( pIn ) && ( fflush( pOut ) == 0 ) && ( fsync( fileno( pOut ) ) == 0 );
    ( void ) fclose( pIn );
    ok = ( fclose( pOut ) == 0 ) && ok;
    ok = ok && ( rename( tmp, bootSlotPath ) == 0 );

    if( !ok )
    {
        ( void ) remove( tmp );
    }

    return ok;
}

/* Works out which firmware "booted" and sets appFirmwareVersion. */
static void boot( void )
{
    OtaPalImageState_t state = otaPal_GetPlatformImageState( NULL );
    const char * pPending = getenv( ENV_PENDING_IMAGE );
    DemoImageInfo_t info;
    char why[ 256 ];

    appFirmwareVersion = factoryVersion;

    if( state == OtaPalImageStatePendingCommit )
    {
        ( void ) snprintf( runningImagePath, sizeof( runningImagePath ), "%s",
                           ( ( pPending != NULL ) && ( pPending[ 0 ] != '\0' ) ) ? pPending : pImagePath );
        imagePending = true;

        if( demoImage_Read( runningImagePath, &info, why, sizeof( why ) ) )
        {
            appFirmwareVersion = info.version;
            demoSay( "booted the new image %s (%s), pending commit: the self-test decides",
                     runningImagePath, versionText( info.version ) );
        }
        else
        {
            demoSay( "booted a new image that cannot be read (%s); the self-test will reject it", why );
        }

        return;
    }

    if( demoImage_Read( bootSlotPath, &info, why, sizeof( why ) ) )
    {
        appFirmwareVersion = info.version;
        demoSay( "running the installed image %s", bootSlotPath );
    }
    else
    {
        demoSay( "running the factory firmware" );
    }

    if( ( strcmp( pBootReason, "reset" ) == 0 ) && ( state == OtaPalImageStateInvalid ) )
    {
        rolledBack = true;
        demoSay( "rolled back after a reset: the new image was not committed" );
    }
}

static void selfTest( void )
{
    DemoImageInfo_t info;
    char why[ 256 ] = "";
    bool pass = false;
    OtaErr_t err;

    demoSay( "self-test: checking the new image" );

    if( !imagePending )
    {
        ( void ) snprintf( why, sizeof( why ), "the platform has no pending image" );
    }
    else if( !demoImage_Read( runningImagePath, &info, why, sizeof( why ) ) )
    {
        /* why is set. */
    }
    else if( info.version.u.unsignedVersion32 != appFirmwareVersion.u.unsignedVersion32 )
    {
        ( void ) snprintf( why, sizeof( why ), "the image header changed since boot" );
    }
    else if( info.failSelfTest )
    {
        ( void ) snprintf( why, sizeof( why ), "the image is marked selftest=fail" );
    }
    else if( failSelfTestFlag )
    {
        ( void ) snprintf( why, sizeof( why ), "--fail-self-test was given" );
    }
    else if( !mqttGlue_IsConnected() )
    {
        ( void ) snprintf( why, sizeof( why ), "no connection to the service" );
    }
    else
    {
        pass = true;
    }

    if( pass )
    {
        demoSay( "self-test passed: accepting the new image" );
        err = OTA_SetImageState( OtaImageStateAccepted );

        if( err != OtaErrNone )
        {
            demoSay( "could not accept the image: %s", OTA_Err_strerror( err ) );
            demoFinish( EXIT_UPDATE_FAILED );
            return;
        }

        if( !installImage( runningImagePath ) )
        {
            demoSay( "could not install %s into %s: %s", runningImagePath, bootSlotPath, strerror( errno ) );
            demoFinish( EXIT_UPDATE_FAILED );
            return;
        }

        demoSay( "update complete: now running %s (committed; job SUCCEEDED sent)",
                 versionText( appFirmwareVersion ) );
        jobActive = false;
        demoFinish( EXIT_UPDATED );
        return;
    }

    demoSay( "self-test FAILED (%s): rejecting the new image", why );
    err = OTA_SetImageState( OtaImageStateRejected );

    if( err != OtaErrNone )
    {
        demoSay( "could not report the rejection: %s", OTA_Err_strerror( err ) );
    }

    /* Roll back: reset into the old firmware. */
    ( void ) otaPal_ResetDevice( NULL );
    /* Only reached if the reset hook returned. */
    demoFinish( EXIT_ROLLED_BACK );
}

/*-------------------------- the agent callback -------------------------*/

static uint32_t jsonNumber( const OtaJobDocument_t * pDoc,
                            const char * pKey )
{
    const char * p, * pEnd;
    size_t keyLength = strlen( pKey );

    if( ( pDoc == NULL ) || ( pDoc->pJobDocJson == NULL ) )
    {
        return 0;
    }

    p = ( const char * ) pDoc->pJobDocJson;
    pEnd = p + pDoc->jobDocLength;

    for( ; p + keyLength + 1 < pEnd; p++ )
    {
        if( ( memcmp( p, pKey, keyLength ) == 0 ) && ( p[ keyLength ] == ':' ) )
        {
            return ( uint32_t ) strtoul( p + keyLength + 1, NULL, 10 );
        }
    }

    return 0;
}

static void otaAppCallback( OtaJobEvent_t event,
                            void * pData )
{
    OtaJobDocument_t * pDoc = ( OtaJobDocument_t * ) pData;
    OtaErr_t err;
    bool finished = demoFinished();

    /* Once the outcome is known only buffers are given back (the service may
     * still announce that no job is left while the demo shuts down). */
    if( finished && ( event != OtaJobEventProcessed ) )
    {
        return;
    }

    switch( event )
    {
        case OtaJobEventReceivedJob:
            jobActive = true;

            if( !imagePending )
            {
                jobFileSize = jsonNumber( pDoc, "\"filesize\"" );
                demoSay( "job %.*s: receiving %lu bytes",
                         ( int ) ( ( pDoc->jobIdLength > 0U ) ? pDoc->jobIdLength - 1U : 0U ),
                         ( const char * ) pDoc->pJobId, ( unsigned long ) jobFileSize );
            }
            else
            {
                demoSay( "job %.*s is in self-test",
                         ( int ) ( ( pDoc->jobIdLength > 0U ) ? pDoc->jobIdLength - 1U : 0U ),
                         ( const char * ) pDoc->pJobId );
            }

            break;

        case OtaJobEventActivate:
            demoSay( "download complete and signature verified: activating the new image" );
            err = OTA_ActivateNewImage();
            /* Only reached if activation failed. */
            demoSay( "activation failed: %s", OTA_Err_strerror( err ) );
            demoFinish( EXIT_UPDATE_FAILED );
            break;

        case OtaJobEventFail:
        {
            uint32_t reason = ( pDoc != NULL ) ? ( uint32_t ) pDoc->reason : 0U;
            uint32_t sub = ( pDoc != NULL ) ? ( uint32_t ) pDoc->subReason : 0U;

            /* For a failed download the reason is the PAL's main status code. */
            demoSay( "update FAILED: %s (reason 0x%08lx, sub-reason 0x%08lx)",
                     ( reason == OtaPalSignatureCheckFailed ) ? "signature check failed" :
                     ( reason == OtaPalBadSignerCert ) ? "the signer certificate is unusable" :
                     OTA_PalStatus_strerror( ( OtaPalMainStatus_t ) reason ),
                     ( unsigned long ) reason, ( unsigned long ) sub );
            demoSay( "the image is not activated; still running %s", versionText( appFirmwareVersion ) );
            demoFinish( EXIT_UPDATE_FAILED );
            break;
        }

        case OtaJobEventStartTest:
            selfTest();
            break;

        case OtaJobEventSelfTestFailed:
            demoSay( "the agent failed the self-test (version check); the device resets" );
            break;

        case OtaJobEventProcessed:
            httpGlue_BufferReleased( ( const OtaEventData_t * ) pData );
            eventPool_Put( ( OtaEventData_t * ) pData );
            break;

        case OtaJobEventParseCustomJob:
            demoSay( "ignored a job that is not an OTA job" );
            break;

        case OtaJobEventUpdateComplete:
            demoSay( "received a file that is not firmware: done" );
            demoFinish( EXIT_UPDATED );
            break;

        case OtaJobEventNoActiveJob:

            if( rolledBack )
            {
                demoSay( "no job pending; running %s after the rollback", versionText( appFirmwareVersion ) );
                demoFinish( EXIT_ROLLED_BACK );
            }
            else if( jobActive )
            {
                demoSay( "the job is gone (cancelled?): download aborted; still running %s",
                         versionText( appFirmwareVersion ) );
                demoFinish( EXIT_JOB_CANCELED );
            }
            else if( imagePending )
            {
                demoSay( "no job for the new image (cancelled?): unless it is committed, "
                         "the self-test timer resets the device into the old firmware" );
            }
            else
            {
                demoSay( "no update pending; waiting for a job" );
            }

            break;

        default:
            break;
    }
}

/*------------------------------ agent task -----------------------------*/

static void * agentTask( void * pArg )
{
    ( void ) pArg;
    OTA_EventProcessingTask( NULL );

    return NULL;
}

/*-------------------------------- main --------------------------------*/

static void usage( void )
{
    ( void ) fprintf( stderr,
                      "usage: ota_demo --broker HOST:PORT --thing NAME --image PATH --state-dir DIR\n"
                      "                [--version X.Y.Z] [--client-id ID] [--fail-self-test] [--timeout SECONDS]\n" );
}

static bool parseArgs( int argc,
                       char ** argv )
{
    int i;

    ( void ) demoParseVersion( "1.0.1", &factoryVersion );

    for( i = 1; i < argc; i++ )
    {
        const char * pArg = argv[ i ];
        const char * pValue = ( i + 1 < argc ) ? argv[ i + 1 ] : NULL;

        if( strcmp( pArg, "--fail-self-test" ) == 0 )
        {
            failSelfTestFlag = true;
            continue;
        }

        if( pValue == NULL )
        {
            ( void ) fprintf( stderr, "ota_demo: %s needs a value\n", pArg );
            return false;
        }

        i++;

        if( strcmp( pArg, "--broker" ) == 0 )
        {
            const char * pColon = strrchr( pValue, ':' );
            size_t hostLength = ( pColon != NULL ) ? ( size_t ) ( pColon - pValue ) : strlen( pValue );

            if( ( hostLength == 0U ) || ( hostLength >= sizeof( brokerHost ) ) )
            {
                return false;
            }

            ( void ) memcpy( brokerHost, pValue, hostLength );
            brokerHost[ hostLength ] = '\0';
            brokerPort = ( pColon != NULL ) ? atoi( pColon + 1 ) : 1883;
        }
        else if( strcmp( pArg, "--thing" ) == 0 )
        {
            pThingName = pValue;
        }
        else if( strcmp( pArg, "--client-id" ) == 0 )
        {
            pClientId = pValue;
        }
        else if( strcmp( pArg, "--image" ) == 0 )
        {
            pImagePath = pValue;
        }
        else if( strcmp( pArg, "--state-dir" ) == 0 )
        {
            pStateDir = pValue;
        }
        else if( strcmp( pArg, "--version" ) == 0 )
        {
            if( !demoParseVersion( pValue, &factoryVersion ) )
            {
                ( void ) fprintf( stderr, "ota_demo: bad version %s\n", pValue );
                return false;
            }
        }
        else if( strcmp( pArg, "--timeout" ) == 0 )
        {
            timeoutSeconds = ( unsigned ) strtoul( pValue, NULL, 10 );
        }
        else
        {
            ( void ) fprintf( stderr, "ota_demo: unknown option %s\n", pArg );
            return false;
        }
    }

    if( ( pThingName == NULL ) || ( pImagePath == NULL ) || ( pStateDir == NULL ) ||
        ( brokerPort <= 0 ) || ( brokerPort > 65535 ) )
    {
        return false;
    }

    if( strlen( pThingName ) > otaconfigMAX_THINGNAME_LEN )
    {
        ( void ) fprintf( stderr, "ota_demo: thing name longer than %u characters\n",
                          ( unsigned ) otaconfigMAX_THINGNAME_LEN );
        return false;
    }

    if( pClientId == NULL )
    {
        pClientId = pThingName;
    }

    return true;
}

/* mkdir -p of pPath (of its parent directory with parentOnly). */
static bool makeDirs( const char * pPath,
                      bool parentOnly )
{
    char path[ PATH_SIZE ];
    char * p;
    size_t n = strlen( pPath );

    if( n >= sizeof( path ) )
    {
        ( void ) fprintf( stderr, "ota_demo: path too long: %s\n", pPath );
        return false;
    }

    ( void ) memcpy( path, pPath, n + 1U );

    if( parentOnly )
    {
        p = strrchr( path, '/' );

        if( p == NULL )
        {
            return true;
        }

        *p = '\0';
    }

    for( p = path + 1; ; p++ )
    {
        if( ( *p == '/' ) || ( *p == '\0' ) )
        {
            char c = *p;

            *p = '\0';

            if( ( path[ 0 ] != '\0' ) && ( mkdir( path, 0755 ) != 0 ) && ( errno != EEXIST ) )
            {
                ( void ) fprintf( stderr, "ota_demo: cannot create %s: %s\n", path, strerror( errno ) );
                return false;
            }

            *p = c;

            if( c == '\0' )
            {
                break;
            }
        }
    }

    return true;
}

static void printProgress( void )
{
    static uint32_t lastShown = UINT32_MAX;
    static int64_t lastMs = 0;
    OtaAgentStatistics_t stats;
    uint32_t blockSize = 1UL << otaconfigLOG2_FILE_BLOCK_SIZE;
    uint32_t total = ( jobFileSize + blockSize - 1U ) / blockSize;

    if( !jobActive || imagePending || ( total == 0U ) ||
        ( OTA_GetState() != OtaAgentStateWaitingForFileBlock ) ||
        ( OTA_GetStatistics( &stats ) != OtaErrNone ) )
    {
        return;
    }

    if( ( stats.otaPacketsProcessed != lastShown ) && ( demoNowMs() - lastMs >= 1000 ) )
    {
        lastShown = stats.otaPacketsProcessed;
        lastMs = demoNowMs();
        demoSay( "downloading: %lu/%lu blocks (%lu%%)", ( unsigned long ) stats.otaPacketsProcessed,
                 ( unsigned long ) total, ( unsigned long ) ( stats.otaPacketsProcessed * 100U / total ) );
    }
}

int main( int argc,
          char ** argv )
{
    static uint8_t updateFilePath[ PATH_SIZE ];
    static uint8_t certFilePath[ PATH_SIZE ];
    static uint8_t streamName[ 64 ];
    static uint8_t decodeMem[ 1U << otaconfigLOG2_FILE_BLOCK_SIZE ];
    static uint8_t bitmap[ OTA_MAX_BLOCK_BITMAP_SIZE ];
    static OtaAppBuffer_t buffers =
    {
        .pUpdateFilePath = updateFilePath, .updateFilePathsize = sizeof( updateFilePath ),
        .pCertFilePath   = certFilePath,   .certFilePathSize   = sizeof( certFilePath ),
        .pStreamName     = streamName,     .streamNameSize     = sizeof( streamName ),
        .pDecodeMemory   = decodeMem,      .decodeMemorySize   = sizeof( decodeMem ),
        .pFileBitmap     = bitmap,         .fileBitmapSize     = sizeof( bitmap ),
    };
    static OtaInterfaces_t interfaces =
    {
        .os   =
        {
            .event = { Posix_OtaInitEvent, Posix_OtaSendEvent, Posix_OtaReceiveEvent, Posix_OtaDeinitEvent, NULL },
            .timer = { Posix_OtaStartTimer, Posix_OtaStopTimer, Posix_OtaDeleteTimer },
            .mem   = { STDC_Malloc, STDC_Free },
        },
        .mqtt = { mqttGlue_Subscribe, mqttGlue_Unsubscribe, mqttGlue_Publish },
        .http = { httpGlue_Init, httpGlue_Request, httpGlue_Deinit },
        .pal  =
        {
            otaPal_Abort, otaPal_CreateFileForRx, otaPal_CloseFile,
            otaPal_WriteBlock, otaPal_ActivateNewImage, otaPal_ResetDevice,
            otaPal_SetPlatformImageState, otaPal_GetPlatformImageState
        },
    };
    OtaEventMsg_t start = { NULL, OtaAgentEventStart };
    const char * pEnv;
    pthread_t task;
    OtaErr_t err;
    int code;
    ssize_t n;

    savedArgv = argv;

    if( !parseArgs( argc, argv ) )
    {
        usage();
        return EXIT_SETUP_ERROR;
    }

    n = readlink( "/proc/self/exe", selfExe, sizeof( selfExe ) - 1U );

    if( n > 0 )
    {
        selfExe[ n ] = '\0';
    }
    else
    {
        /* No /proc: argv[ 0 ] works as long as the working directory is kept. */
        ( void ) snprintf( selfExe, sizeof( selfExe ), "%s", argv[ 0 ] );
    }

    pEnv = getenv( ENV_BOOT_REASON );

    if( ( pEnv != NULL ) && ( pEnv[ 0 ] != '\0' ) )
    {
        pBootReason = pEnv;
    }

    pEnv = getenv( ENV_BOOT_COUNT );
    bootCount = ( pEnv != NULL ) ? atoi( pEnv ) : 0;

    if( !makeDirs( pStateDir, false ) || !makeDirs( pImagePath, true ) )
    {
        return EXIT_SETUP_ERROR;
    }

    ( void ) snprintf( bootSlotPath, sizeof( bootSlotPath ), "%s/boot.img", pStateDir );
    ( void ) snprintf( stateFilePath, sizeof( stateFilePath ), "%s/image.state", pStateDir );

    /* The PAL: image state next to the images; hooks for "reboots". */
    ( void ) otaPal_SetStateFilePath( stateFilePath );
    otaPal_SetActivateHook( activateHook );
    otaPal_SetResetHook( resetHook );

    boot();
    demoSay( "started (%s); firmware %s, thing \"%s\", receiving updates into %s",
             pBootReason, versionText( appFirmwareVersion ), pThingName, pImagePath );

    if( !mqttGlue_Start( brokerHost, brokerPort, pClientId, pThingName, 10000U ) )
    {
        return EXIT_SETUP_ERROR;
    }

    err = OTA_Init( &buffers, &interfaces, ( const uint8_t * ) pThingName, otaAppCallback );

    if( err != OtaErrNone )
    {
        demoSay( "OTA_Init failed: %s", OTA_Err_strerror( err ) );
        mqttGlue_Stop();
        return EXIT_SETUP_ERROR;
    }

    if( pthread_create( &task, NULL, agentTask, NULL ) != 0 )
    {
        demoSay( "cannot start the agent task" );
        return EXIT_SETUP_ERROR;
    }

    if( !OTA_SignalEvent( &start ) )
    {
        demoSay( "cannot start the agent" );
        return EXIT_SETUP_ERROR;
    }

    demoSay( "OTA agent started; asking the service for a job" );

    /* Wait for the outcome; show the download progress meanwhile. */
    code = demoRunUntilDone( task, timeoutSeconds, 250L, printProgress, EXIT_UPDATE_FAILED, EXIT_TIMEOUT );

    return code;
}
