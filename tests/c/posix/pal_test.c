/*
 * SPDX-License-Identifier: MIT
 *
 * pal_test.c - tests of ports/posix/ota_pal_posix.c, one step per process so
 * that image states are seen across restarts ("reboots"):
 *
 *   pal_test download <expect> <image> <data> <cert> <sig> [<flip offset>]
 *       Receives <data> into <image> in shuffled 1 KiB blocks (flipping one
 *       byte first if asked), closes it against <cert> and the signature in
 *       file <sig>, and checks the result: expect is ok, sigfail or badcert.
 *       On ok the image must equal the data; otherwise it must be gone.
 *   pal_test install <image> <data> <cert> <sig>
 *       download ok, then activate: the hook must see the image path.
 *   pal_test state <PendingCommit|Valid|Invalid>
 *   pal_test set <Testing|Accepted|Rejected|Aborted|Bad> <ok|hex main code>
 *   pal_test reset
 *       ResetDevice with a hook: the hook must run.
 *   pal_test misc
 *       Argument and error paths that need no files from the caller.
 *
 * The state file comes from OTA_PAL_STATE_FILE, or from --state-file <path>
 * given before the step (otaPal_SetStateFilePath).
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ota_pal_posix.h"
#include "ota_signature.h"
#include "test_support.h"

#define BLOCK_SIZE    1024U

static Sig_t signature;
static char activatedPath[ OTA_PAL_POSIX_PATH_MAX ];
static int resetCalls = 0;

static void activateHook( const char * pImagePath )
{
    ( void ) snprintf( activatedPath, sizeof( activatedPath ), "%s", pImagePath );
}

static void resetHook( void )
{
    resetCalls++;
}

static bool loadSignature( const char * pPath )
{
    size_t length = 0;
    uint8_t * pData = readWholeFile( pPath, &length );
    bool ok = ( pData != NULL ) && ( length <= sizeof( signature.data ) );

    if( ok )
    {
        ( void ) memcpy( signature.data, pData, length );
        signature.size = ( uint16_t ) length;
    }

    free( pData );

    return ok;
}

static bool fileExists( const char * pPath )
{
    FILE * pFile = fopen( pPath, "rb" );

    if( pFile != NULL )
    {
        ( void ) fclose( pFile );
    }

    return pFile != NULL;
}

/* Receives the data as the agent would, in a scrambled block order, and
 * closes the file. Returns the close status. */
static OtaPalStatus_t receive( const char * pImage,
                               const char * pDataPath,
                               const char * pCert,
                               const char * pSigPath,
                               long flipOffset,
                               uint8_t ** ppData,
                               size_t * pLength )
{
    OtaFileContext_t context;
    uint8_t * pData;
    size_t length = 0;
    uint32_t blocks;
    uint32_t i;

    ( void ) memset( &context, 0, sizeof( context ) );
    context.pFilePath = ( uint8_t * ) pImage;
    context.pCertFilepath = ( uint8_t * ) pCert;
    context.pSignature = &signature;

    pData = readWholeFile( pDataPath, &length );
    CHECK( pData != NULL );
    CHECK( loadSignature( pSigPath ) );

    if( pData == NULL )
    {
        return OTA_PAL_COMBINE_ERR( OtaPalUninitialized, 0 );
    }

    context.fileSize = ( uint32_t ) length;
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK( context.pFile != NULL );

    blocks = ( uint32_t ) ( ( length + BLOCK_SIZE - 1U ) / BLOCK_SIZE );

    /* Odd blocks backwards, then even blocks forwards: every block is
     * written after some block that follows it. */
    for( i = 0; i < blocks; i++ )
    {
        uint32_t block;
        uint32_t offset;
        uint32_t size;
        uint8_t buffer[ BLOCK_SIZE ];

        if( i < blocks / 2U )
        {
            block = ( ( blocks / 2U ) - 1U - i ) * 2U + 1U;
        }
        else
        {
            block = ( i - ( blocks / 2U ) ) * 2U;
        }

        offset = block * BLOCK_SIZE;
        size = ( ( length - offset ) < BLOCK_SIZE ) ? ( uint32_t ) ( length - offset ) : BLOCK_SIZE;
        ( void ) memcpy( buffer, pData + offset, size );

        if( ( flipOffset >= ( long ) offset ) && ( flipOffset < ( long ) ( offset + size ) ) )
        {
            buffer[ flipOffset - ( long ) offset ] ^= 0x01U;
        }

        CHECK_EQ_U( ( uint32_t ) otaPal_WriteBlock( &context, offset, buffer, size ), size );
    }

    {
        OtaPalStatus_t status = otaPal_CloseFile( &context );

        /* Closed in every case; a later abort (as the agent does) is fine. */
        CHECK( context.pFile == NULL );
        CHECK_EQ_U( otaPal_Abort( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );

        *ppData = pData;
        *pLength = length;

        return status;
    }
}

static int stepDownload( int argc,
                         char ** argv )
{
    const char * pExpect;
    const char * pImage;
    uint8_t * pData = NULL;
    size_t length = 0;
    long flip = -1;
    OtaPalStatus_t status;

    if( argc < 5 )
    {
        return 2;
    }

    pExpect = argv[ 0 ];
    pImage = argv[ 1 ];

    if( argc > 5 )
    {
        flip = strtol( argv[ 5 ], NULL, 10 );
    }

    status = receive( pImage, argv[ 2 ], argv[ 3 ], argv[ 4 ], flip, &pData, &length );
    ( void ) printf( "close status 0x%08lx\n", ( unsigned long ) status );

    if( strcmp( pExpect, "ok" ) == 0 )
    {
        size_t got = 0;
        uint8_t * pImageData = readWholeFile( pImage, &got );

        CHECK_EQ_U( status, OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
        CHECK( pImageData != NULL );
        CHECK_EQ_U( got, length );
        CHECK( ( pImageData != NULL ) && ( got == length ) && ( memcmp( pImageData, pData, length ) == 0 ) );
        free( pImageData );
    }
    else
    {
        CHECK_EQ_U( OTA_PAL_MAIN_ERR( status ),
                    ( strcmp( pExpect, "badcert" ) == 0 ) ? OtaPalBadSignerCert : OtaPalSignatureCheckFailed );
        CHECK( !fileExists( pImage ) );
    }

    free( pData );

    return testResult( "pal_test download" );
}

static int stepInstall( int argc,
                        char ** argv )
{
    uint8_t * pData = NULL;
    size_t length = 0;
    OtaPalStatus_t status;

    if( argc < 4 )
    {
        return 2;
    }

    status = receive( argv[ 0 ], argv[ 1 ], argv[ 2 ], argv[ 3 ], -1, &pData, &length );
    free( pData );
    CHECK_EQ_U( status, OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );

    otaPal_SetActivateHook( activateHook );
    CHECK_EQ_U( otaPal_ActivateNewImage( NULL ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK( strcmp( activatedPath, argv[ 0 ] ) == 0 );
    CHECK_EQ_U( otaPal_GetPlatformImageState( NULL ), OtaPalImageStatePendingCommit );

    return testResult( "pal_test install" );
}

static int stepState( int argc,
                      char ** argv )
{
    OtaPalImageState_t expected;
    OtaPalImageState_t actual = otaPal_GetPlatformImageState( NULL );

    if( argc < 1 )
    {
        return 2;
    }

    if( strcmp( argv[ 0 ], "PendingCommit" ) == 0 )
    {
        expected = OtaPalImageStatePendingCommit;
    }
    else if( strcmp( argv[ 0 ], "Valid" ) == 0 )
    {
        expected = OtaPalImageStateValid;
    }
    else
    {
        expected = OtaPalImageStateInvalid;
    }

    ( void ) printf( "state %d\n", ( int ) actual );
    CHECK_EQ_U( actual, expected );

    return testResult( "pal_test state" );
}

static int stepSet( int argc,
                    char ** argv )
{
    OtaImageState_t state = ( OtaImageState_t ) 99;
    uint32_t expectedMain = OtaPalSuccess;
    OtaPalStatus_t status;
    OtaFileContext_t context;

    if( argc < 2 )
    {
        return 2;
    }

    if( strcmp( argv[ 0 ], "Testing" ) == 0 )
    {
        state = OtaImageStateTesting;
    }
    else if( strcmp( argv[ 0 ], "Accepted" ) == 0 )
    {
        state = OtaImageStateAccepted;
    }
    else if( strcmp( argv[ 0 ], "Rejected" ) == 0 )
    {
        state = OtaImageStateRejected;
    }
    else if( strcmp( argv[ 0 ], "Aborted" ) == 0 )
    {
        state = OtaImageStateAborted;
    }
    else if( strcmp( argv[ 0 ], "Unknown" ) == 0 )
    {
        state = OtaImageStateUnknown;
    }

    if( strcmp( argv[ 1 ], "ok" ) != 0 )
    {
        expectedMain = ( uint32_t ) strtoul( argv[ 1 ], NULL, 16 );
    }

    /* The agent passes its (possibly empty) file context. */
    ( void ) memset( &context, 0, sizeof( context ) );
    status = otaPal_SetPlatformImageState( &context, state );
    ( void ) printf( "set %s: 0x%08lx\n", argv[ 0 ], ( unsigned long ) status );
    CHECK_EQ_U( OTA_PAL_MAIN_ERR( status ), expectedMain );

    return testResult( "pal_test set" );
}

static int stepReset( void )
{
    otaPal_SetResetHook( resetHook );
    CHECK_EQ_U( otaPal_ResetDevice( NULL ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK_EQ_U( resetCalls, 1 );

    return testResult( "pal_test reset" );
}

static int stepMisc( void )
{
    OtaFileContext_t context;
    uint8_t block[ 16 ] = { 0 };
    uint8_t emptyPath[ 1 ] = { 0 };
    uint8_t badPath[] = "/nonexistent-dir-for-ota-tests/x/image.bin";
    char longPath[ OTA_PAL_POSIX_PATH_MAX + 8U ];

    ( void ) memset( &context, 0, sizeof( context ) );

    /* No path, empty path, path that cannot be created. */
    CHECK_EQ_U( otaPal_CreateFileForRx( NULL ), OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, EINVAL ) );
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, EINVAL ) );
    context.pFilePath = emptyPath;
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, EINVAL ) );
    context.pFilePath = badPath;
    CHECK_EQ_U( OTA_PAL_MAIN_ERR( otaPal_CreateFileForRx( &context ) ), OtaPalRxFileCreateFailed );
    CHECK( context.pFile == NULL );

    /* Writes and closes without an open file. */
    CHECK( otaPal_WriteBlock( &context, 0, block, sizeof( block ) ) < 0 );
    CHECK( otaPal_WriteBlock( NULL, 0, block, sizeof( block ) ) < 0 );
    CHECK_EQ_U( otaPal_CloseFile( &context ), OTA_PAL_COMBINE_ERR( OtaPalFileClose, EINVAL ) );
    CHECK_EQ_U( otaPal_CloseFile( NULL ), OTA_PAL_COMBINE_ERR( OtaPalFileClose, EINVAL ) );
    CHECK_EQ_U( otaPal_Abort( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK_EQ_U( OTA_PAL_MAIN_ERR( otaPal_Abort( NULL ) ), OtaPalFileAbort );

    /* Nothing verified in this process: nothing to activate. */
    CHECK_EQ_U( otaPal_ActivateNewImage( &context ), OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, EINVAL ) );

    /* Blocks the int16_t return cannot report; NULL data. */
    context.pFilePath = ( uint8_t * ) "misc-image.bin";
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK( otaPal_WriteBlock( &context, 0, block, 40000U ) < 0 );
    CHECK( otaPal_WriteBlock( &context, 0, NULL, 4 ) < 0 );
    CHECK_EQ_U( ( uint32_t ) otaPal_WriteBlock( &context, 100, block, sizeof( block ) ), sizeof( block ) );

    /* Creating again truncates (and does not leak the open handle). */
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK_EQ_U( ( uint32_t ) otaPal_WriteBlock( &context, 0, block, 4 ), 4 );

    /* No signature / no certificate path: failure, file closed and deleted. */
    CHECK_EQ_U( otaPal_CloseFile( &context ),
                OTA_PAL_COMBINE_ERR( OtaPalSignatureCheckFailed, OTA_SIG_ERR_SIGNATURE_MISSING ) );
    CHECK( context.pFile == NULL );
    CHECK( !fileExists( "misc-image.bin" ) );
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    signature.size = 8;
    context.pSignature = &signature;
    CHECK_EQ_U( otaPal_CloseFile( &context ), OTA_PAL_COMBINE_ERR( OtaPalBadSignerCert, OTA_SIG_ERR_KEY_MISSING ) );
    CHECK( !fileExists( "misc-image.bin" ) );

    /* Abort of an open transfer closes and deletes the partial file. */
    CHECK_EQ_U( otaPal_CreateFileForRx( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK( fileExists( "misc-image.bin" ) );
    CHECK_EQ_U( otaPal_Abort( &context ), OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 ) );
    CHECK( context.pFile == NULL );
    CHECK( !fileExists( "misc-image.bin" ) );

    /* State values out of range. */
    CHECK_EQ_U( otaPal_SetPlatformImageState( &context, OtaImageStateUnknown ),
                OTA_PAL_COMBINE_ERR( OtaPalBadImageState, 0 ) );
    CHECK_EQ_U( otaPal_SetPlatformImageState( &context, ( OtaImageState_t ) 42 ),
                OTA_PAL_COMBINE_ERR( OtaPalBadImageState, 0 ) );

    /* State file path setter: too long is refused, NULL restores the default. */
    ( void ) memset( longPath, 'a', sizeof( longPath ) - 1U );
    longPath[ sizeof( longPath ) - 1U ] = '\0';
    CHECK( !otaPal_SetStateFilePath( longPath ) );
    CHECK( otaPal_SetStateFilePath( NULL ) );

    /* The interface table accepts the functions as they are. */
    {
        OtaPalInterface_t pal =
        {
            otaPal_Abort,      otaPal_CreateFileForRx,  otaPal_CloseFile,
            otaPal_WriteBlock, otaPal_ActivateNewImage, otaPal_ResetDevice,
            otaPal_SetPlatformImageState, otaPal_GetPlatformImageState
        };
        CHECK( pal.getPlatformImageState != NULL );
    }

    CHECK( strcmp( OTA_JsonFileSignatureKey, "sig-sha256-ecdsa" ) == 0 );

    return testResult( "pal_test misc" );
}

int main( int argc,
          char ** argv )
{
    int first = 1;
    const char * pStep;

    if( ( argc > 2 ) && ( strcmp( argv[ 1 ], "--state-file" ) == 0 ) )
    {
        CHECK( otaPal_SetStateFilePath( argv[ 2 ] ) );
        first = 3;
    }

    if( argc <= first )
    {
        ( void ) fprintf( stderr, "usage: pal_test [--state-file path] step args...\n" );
        return 2;
    }

    pStep = argv[ first ];
    argc -= first + 1;
    argv += first + 1;

    if( strcmp( pStep, "download" ) == 0 )
    {
        return stepDownload( argc, argv );
    }

    if( strcmp( pStep, "install" ) == 0 )
    {
        return stepInstall( argc, argv );
    }

    if( strcmp( pStep, "state" ) == 0 )
    {
        return stepState( argc, argv );
    }

    if( strcmp( pStep, "set" ) == 0 )
    {
        return stepSet( argc, argv );
    }

    if( strcmp( pStep, "reset" ) == 0 )
    {
        return stepReset();
    }

    if( strcmp( pStep, "misc" ) == 0 )
    {
        return stepMisc();
    }

    ( void ) fprintf( stderr, "unknown step %s\n", pStep );

    return 2;
}
